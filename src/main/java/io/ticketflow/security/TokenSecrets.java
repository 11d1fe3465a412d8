package io.ticketflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token format and hashing. A token is {@code tf_<id>_<secret>}: {@code id} is 12 hex digits naming the entry (not
 * secret), {@code secret} 256 random bits (base64url). Only SHA-256(salt + secret) is stored, with a 128-bit random
 * salt per token; a slow hash (PBKDF2) would add nothing against guessing 256 random bits and would cost CPU on every
 * request. Hashes are compared in constant time.
 */
public final class TokenSecrets {

    static final String PREFIX = "tf_";
    private static final int ID_HEX = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private TokenSecrets() {
    }

    /** A new token and the file entry that recognises it (the token itself is not in the entry). */
    public record Issued(String token, ApiToken entry) {
    }

    public static Issued issue(String name, Role role, String createdBy, Instant now, Instant expires) {
        String id = HexFormat.of().formatHex(random(ID_HEX / 2));
        String secret = B64URL.encodeToString(random(32));
        byte[] salt = random(16);
        ApiToken entry = new ApiToken(name, role.label(), id, Base64.getEncoder().encodeToString(salt),
                Base64.getEncoder().encodeToString(hash(salt, secret)), now, createdBy, expires, null, null);
        return new Issued(PREFIX + id + "_" + secret, entry);
    }

    /** True if the string has the shape of one of our tokens (a JWT has dots, ours never). */
    static boolean looksLikeToken(String token) {
        return token != null && token.startsWith(PREFIX) && token.length() > PREFIX.length() + ID_HEX + 1
                && token.charAt(PREFIX.length() + ID_HEX) == '_';
    }

    /** The public id part of a token, or null if it is not one of ours. */
    static String idOf(String token) {
        return looksLikeToken(token) ? token.substring(PREFIX.length(), PREFIX.length() + ID_HEX) : null;
    }

    /** Whether the token's secret matches the entry's hash; constant time in the secret. */
    static boolean matches(ApiToken entry, String token) {
        String secret = token.substring(PREFIX.length() + ID_HEX + 1);
        byte[] expected;
        byte[] salt;
        try {
            expected = Base64.getDecoder().decode(entry.hash());
            salt = Base64.getDecoder().decode(entry.salt());
        }
        catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, hash(salt, secret));
    }

    static byte[] hash(byte[] salt, String secret) {
        MessageDigest sha = sha256();
        sha.update(salt);
        return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of some bytes (the tokens file's content, to notice a change). */
    static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }
}
