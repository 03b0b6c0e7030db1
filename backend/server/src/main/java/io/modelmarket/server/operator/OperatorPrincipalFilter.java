package io.modelmarket.server.operator;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The small shim that lets {@code management.endpoint.health.show-details: when-authorized} work without
 * Spring Security: a request to {@code /actuator/**} with {@code Authorization: Bearer <operator token>}
 * (compared in constant time) is given the principal {@code operator} in role {@code OPERATOR}; any other
 * request stays anonymous and sees the status alone (no components, no details).
 */
@Component
class OperatorPrincipalFilter extends OncePerRequestFilter {
    static final String ROLE = "OPERATOR";
    private static final Principal OPERATOR = () -> "operator";

    private final OperatorProperties operator;

    OperatorPrincipalFilter(OperatorProperties operator) {
        this.operator = operator;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(isOperator(request) ? new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return OPERATOR;
            }

            @Override
            public boolean isUserInRole(String role) {
                return ROLE.equals(role);
            }
        } : request, response);
    }

    private boolean isOperator(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (!operator.endpointsEnabled() || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, operator.token().getBytes(StandardCharsets.UTF_8));
    }
}
