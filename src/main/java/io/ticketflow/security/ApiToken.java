package io.ticketflow.security;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One entry of the tokens file. The token itself is never stored: {@code id} is its public part (for lookup, shown
 * by {@code tokens list}), {@code hash} the SHA-256 of a per-token random salt and the secret part.
 *
 * @param revoked when {@code tokens revoke} withdrew it; revoked entries stay in the file as a record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "name", "role", "id", "salt", "hash", "created", "createdBy", "expires", "revoked", "revokedBy" })
public record ApiToken(String name, String role, String id, String salt, String hash, Instant created,
        String createdBy, Instant expires, Instant revoked, String revokedBy) {

    public enum State { ACTIVE, EXPIRED, REVOKED }

    public State state(Instant now) {
        if (revoked != null) {
            return State.REVOKED;
        }
        return expires != null && !now.isBefore(expires) ? State.EXPIRED : State.ACTIVE;
    }

    @JsonIgnore
    public boolean isActive(Instant now) {
        return state(now) == State.ACTIVE;
    }

    public ApiToken revokedBy(String who, Instant when) {
        return new ApiToken(name, role, id, salt, hash, created, createdBy, expires, when, who);
    }
}
