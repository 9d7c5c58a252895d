package org.medledger.reportchain.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.medledger.reportchain.ReportChainApplication;
import org.medledger.reportchain.access.DownloadTokens;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.chunking.CryptoWarmUp;
import org.medledger.reportchain.chunking.TransferBudget;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.testing.TestSecurityConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * report-chain-service in the process {@link BenchService} starts: the application with the tests' token decoder,
 * answering one request per line on stdin with one line on stdout ({@code port}, {@code property NAME},
 * {@code peak-chunk-bytes}, {@code reset-peak}, {@code chunk-size}, {@code crypto-warmed-up}, {@code transfer-budget},
 * {@code download-token USER REPORT}). The end of stdin closes the application; logs go to stderr.
 */
public final class BenchServiceMain {

    private BenchServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answers = System.out;
        System.setOut(System.err); // stdout carries only the answers, the banner and logs go to the log file
        System.setProperty("org.jboss.logging.provider", "slf4j");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReportChainApplication.class,
                TestSecurityConfiguration.class, BenchRelay.class).run(args)) {
            ChunkMemory memory = context.getBean(ChunkMemory.class);
            var requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String request = requests.readLine(); request != null; request = requests.readLine()) {
                String answer = switch (request) {
                    case "port" -> context.getEnvironment().getProperty("local.server.port");
                    case "peak-chunk-bytes" -> Long.toString(memory.highWaterBytes());
                    case "reset-peak" -> {
                        memory.resetHighWater();
                        yield "ok";
                    }
                    case "chunk-size" -> Long.toString(context.getBean(ReportProperties.class).chunkBytes());
                    case "crypto-warmed-up" -> Boolean.toString(context.getBean(CryptoWarmUp.class).isDone());
                    case "transfer-budget" -> Long.toString(context.getBean(TransferBudget.class).limitBytes());
                    default -> answer(context, request.split(" "));
                };
                answers.println(answer);
                answers.flush();
            }
        }
        System.exit(0);
    }

    /** {@code property NAME} and {@code download-token USER REPORT}. */
    private static String answer(ConfigurableApplicationContext context, String[] words) {
        if (words.length == 2 && words[0].equals("property")) {
            return context.getEnvironment().getProperty(words[1], "");
        }
        if (words.length == 3 && words[0].equals("download-token")) {
            return context.getBean(DownloadTokens.class).mint(words[1], words[2]).block().token();
        }
        return "unknown request: " + String.join(" ", words);
    }
}
