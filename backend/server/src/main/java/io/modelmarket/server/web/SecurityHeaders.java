package io.modelmarket.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers on every response: {@code X-Content-Type-Options: nosniff} (a browser never guesses a type, so
 * stored bytes are never run as a script or a page), {@code Referrer-Policy}, and a Content-Security-Policy:
 * the strict {@link #UI_POLICY} on the UI and the API, one that lets nothing run on the IPFS gateway
 * ({@link #CONTENT_POLICY}), and a looser one on Swagger UI, which needs inline styles.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeaders extends OncePerRequestFilter {
    /**
     * The UI's policy: its own scripts only (WebAssembly allowed), no inline script or style, no plugins, no
     * framing, no base or form target elsewhere. The UI reads the chain through the wallet, not from the page,
     * so {@code connect-src} is the server alone.
     */
    public static final String UI_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    /** Stored content is data: should a browser ever render it, it runs nothing, loads nothing, and sits in a sandbox. */
    public static final String CONTENT_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'";
    private static final String SWAGGER_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy",
                path.startsWith("/ipfs/") ? CONTENT_POLICY : path.startsWith("/swagger-ui") ? SWAGGER_POLICY : UI_POLICY);
        chain.doFilter(request, response);
    }
}
