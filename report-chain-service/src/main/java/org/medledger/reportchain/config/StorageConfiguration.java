package org.medledger.reportchain.config;

import java.util.List;
import org.medledger.reportchain.storage.MirrorPlacement;
import org.medledger.reportchain.storage.ObjectStore;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.reportchain.storage.S3ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two buckets, on {@link S3Clients}, and the mirror placement over them. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    S3Clients s3Clients(StorageProperties properties) {
        return new S3Clients(properties);
    }

    @Bean
    PlacementPolicy placementPolicy(StorageProperties properties, S3Clients clients) {
        List<ObjectStore> stores = List.of(properties.resolvedA(), properties.resolvedB()).stream()
                .<ObjectStore>map(bucket -> new S3ObjectStore(bucket.name(), bucket.bucket(), clients.forBucket(bucket)))
                .toList();
        log.info("Mirror placement over {} and {}", properties.resolvedA(), properties.resolvedB());
        return new MirrorPlacement(stores);
    }
}
