package io.ticketflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 429 with {@code Retry-After} once a bucket is empty. One instance counts per client address and runs before
 * authentication (so guessing tokens is slowed down too); one counts per caller and runs after it.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final Function<HttpServletRequest, String> key;
    private final String who;

    private RateLimitFilter(RateLimiter limiter, Function<HttpServletRequest, String> key, String who) {
        this.limiter = limiter;
        this.key = key;
        this.who = who;
    }

    static RateLimitFilter perAddress(RateLimiter limiter) {
        return new RateLimitFilter(limiter, HttpServletRequest::getRemoteAddr, "this address");
    }

    static RateLimitFilter perCaller(RateLimiter limiter) {
        return new RateLimitFilter(limiter, request -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            return auth == null || !auth.isAuthenticated() ? null : Callers.kind(auth) + ":" + auth.getName();
        }, "this caller");
    }

    /** Two instances of this class run on one request: each needs its own once-per-request marker. */
    @Override
    protected String getAlreadyFilteredAttributeName() {
        return RateLimitFilter.class.getName() + "." + who + ".FILTERED";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String k = key.apply(request);
        long wait = k == null ? 0 : limiter.acquire(k, System.nanoTime());
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            response.setHeader("Retry-After", Long.toString(seconds));
            JsonErrors.write(response, 429, "rate_limited",
                    "too many requests from " + who + "; retry after " + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
    }
}
