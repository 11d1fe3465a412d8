package io.ticketflow.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * An OpenID Connect identity provider in this JVM (JDK HttpServer, no network): discovery document and JWK set of a
 * locally generated RSA key, and signed JWTs with the claims a test asks for. A second key that the JWK set does not
 * publish signs forged tokens.
 */
final class FakeIdentityProvider {

    private static FakeIdentityProvider instance;

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey foreignKey;

    private FakeIdentityProvider() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        foreignKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server.createContext("/realm/.well-known/openid-configuration", exchange -> send(exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\","
                        + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.createContext("/realm/jwks", exchange -> send(exchange, jwks));
        server.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-identity-provider");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static synchronized FakeIdentityProvider get() {
        if (instance == null) {
            try {
                instance = new FakeIdentityProvider();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
    }

    /** A token signed with the published key; {@code claims} are added to iss, sub, iat and exp (in 5 minutes). */
    String token(String subject, Map<String, Object> claims) {
        return sign(key, subject, issuer(), Instant.now().plusSeconds(300), claims);
    }

    String expiredToken(String subject, Map<String, Object> claims) {
        return sign(key, subject, issuer(), Instant.now().minusSeconds(600), claims);
    }

    String forgedToken(String subject, Map<String, Object> claims) {
        return sign(foreignKey, subject, issuer(), Instant.now().plusSeconds(300), claims);
    }

    String tokenFromOtherIssuer(String subject, Map<String, Object> claims) {
        return sign(key, subject, "https://elsewhere.example/realm", Instant.now().plusSeconds(300), claims);
    }

    private static String sign(RSAKey with, String subject, String issuer, Instant expires, Map<String, Object> claims) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject(subject).issuer(issuer)
                .issueTime(Date.from(expires.minusSeconds(600))).expirationTime(Date.from(expires));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), set.build());
        try {
            jwt.sign(new RSASSASigner(with));
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
