package org.medledger.reportchain;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReportChainApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReportChainApplication.class, args);
    }
}
