package org.medledger.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP server that answers each command with a scripted reply: what GreenMail cannot do (it accepts every
 * recipient), e.g. {@code 550} to {@code RCPT TO} or {@code 451} to everything. Counts what it was sent.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, String> replies;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger recipients = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();

    /**
     * @param replies reply per command verb ({@code MAIL}, {@code RCPT}, {@code DATA} for the reply after the data),
     *     or per recipient ({@code RCPT someone@example.org}, before {@code RCPT}); unlisted commands get {@code 250 OK}
     */
    public ScriptedSmtpServer(Map<String, String> replies) {
        this.replies = replies;
        try {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("scripted-smtp").start(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    /** {@code RCPT TO} commands received. */
    public int recipients() {
        return recipients.get();
    }

    /** Messages whose data was accepted. */
    public int messages() {
        return messages.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> converse(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client; var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = client.getOutputStream();
            reply(out, "220 scripted ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 scripted");
                    case "MAIL" -> reply(out, replies.getOrDefault("MAIL", "250 OK"));
                    case "RCPT" -> {
                        recipients.incrementAndGet();
                        String recipient = line.replaceFirst("(?i)^RCPT TO:\\s*<?([^>\\s]*)>?.*$", "$1");
                        reply(out, replies.getOrDefault("RCPT " + recipient, replies.getOrDefault("RCPT", "250 OK")));
                    }
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the message is not kept
                        }
                        String answer = replies.getOrDefault("DATA", "250 OK");
                        if (answer.startsWith("2")) {
                            messages.incrementAndGet();
                        }
                        reply(out, answer);
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
