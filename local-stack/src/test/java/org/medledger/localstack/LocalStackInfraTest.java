package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Starts the in-process infrastructure once, on free ports in a temporary directory, and proves each part is the
 * real thing by talking to it with the clients the services use.
 */
class LocalStackInfraTest {

    @TempDir
    static Path dataDir;

    static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(TestPorts.infraConfig(dataDir));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void kafkaCarriesARecordFromAProducerToAConsumer() {
        String bootstrap = stack.config().kafkaBootstrapServers();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("local-stack-test", "appointment-1", "booked")).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }

        var received = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("local-stack-test"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("appointment-1");
            assertThat(record.value()).isEqualTo("booked");
        });
    }

    @Test
    void s3StoresAndReturnsObjectsInBothBucketsPathStyle() {
        try (S3Client s3 = s3Client(stack.config().s3AccessKey(), stack.config().s3SecretKey())) {
            for (String bucket : LocalStackConfig.BUCKETS) {
                s3.putObject(put -> put.bucket(bucket).key("chunks/0001"),
                        RequestBody.fromString("chunk in " + bucket));
                String body = s3.getObjectAsBytes(get -> get.bucket(bucket).key("chunks/0001"))
                        .asString(StandardCharsets.UTF_8);
                assertThat(body).isEqualTo("chunk in " + bucket);
            }
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name())
                    .containsExactlyInAnyOrderElementsOf(LocalStackConfig.BUCKETS);
        }
    }

    @Test
    void s3RejectsRequestsSignedWithAnotherSecret() {
        try (S3Client s3 = s3Client(stack.config().s3AccessKey(), "not-the-secret")) {
            assertThatThrownBy(() -> s3.listObjectsV2(list -> list.bucket("reports-a")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void mailSentOverSmtpIsReadOverImapWithTheAddressAsLoginAndPassword() throws Exception {
        String address = "patient1@demo.medledger.test";
        var smtp = new Properties();
        smtp.put("mail.smtp.host", stack.config().publicHost());
        smtp.put("mail.smtp.port", String.valueOf(stack.config().smtpPort()));
        var message = new MimeMessage(Session.getInstance(smtp));
        message.setFrom(new InternetAddress("no-reply@medledger.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(address));
        message.setSubject("Your download code");
        message.setText("123456");
        Transport.send(message);
        assertThat(stack.mail().greenMail().waitForIncomingEmail(5_000, 1)).isTrue();

        var imap = new Properties();
        imap.put("mail.imap.host", stack.config().publicHost());
        imap.put("mail.imap.port", String.valueOf(stack.config().imapPort()));
        try (var store = Session.getInstance(imap).getStore("imap")) {
            store.connect(address, address);
            try (Folder inbox = store.getFolder("INBOX")) {
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.getMessages()).singleElement().satisfies(received -> {
                    assertThat(received.getSubject()).isEqualTo("Your download code");
                    assertThat(received.getContent().toString()).contains("123456");
                });
            }
        }
    }

    private static S3Client s3Client(String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(stack.config().s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }
}
