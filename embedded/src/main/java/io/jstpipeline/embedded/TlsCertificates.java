package io.jstpipeline.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA of its own and a server certificate it signed for {@code localhost} and {@code 127.0.0.1}, as PEM files
 * (what MySQL and MariaDB read), made with the machine's {@code openssl}: for tests of TLS against the embedded
 * servers. A second set in another directory is a CA the first server's certificate does not chain to.
 *
 * @param caFile   the CA's certificate, what a client trusts
 * @param certFile the server's certificate
 * @param keyFile  the server's private key, unencrypted
 */
public record TlsCertificates(Path caFile, Path certFile, Path keyFile) {

    /** @throws IOException when openssl is missing or fails */
    public static TlsCertificates generate(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path caKey = directory.resolve("ca-key.pem");
        Path ca = directory.resolve("ca.pem");
        Path request = directory.resolve("server.csr");
        Path cert = directory.resolve("server-cert.pem");
        Path key = directory.resolve("server-key.pem");
        Path extensions = Files.writeString(directory.resolve("server.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7", "-subj", "/CN=jst-test-ca",
                "-keyout", caKey.toString(), "-out", ca.toString());
        openssl(directory, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", key.toString(), "-out", request.toString());
        openssl(directory, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "7", "-extfile", extensions.toString(), "-out", cert.toString());
        return new TlsCertificates(ca, cert, key);
    }

    private static void openssl(Path directory, String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Path log = directory.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running openssl", e);
        }
    }
}
