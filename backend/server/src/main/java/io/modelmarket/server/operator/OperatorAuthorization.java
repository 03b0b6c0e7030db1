package io.modelmarket.server.operator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards {@code /api/operator/**}: a request passes only with {@code Authorization: Bearer <token>} equal to
 * the configured operator token (compared in constant time); with no token configured the endpoints answer
 * 404 as if they did not exist.
 */
@Configuration(proxyBeanMethods = false)
class OperatorAuthorization implements WebMvcConfigurer, HandlerInterceptor {
    private final OperatorProperties operator;

    OperatorAuthorization(OperatorProperties operator) {
        this.operator = operator;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/operator/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!operator.endpointsEnabled()) {
            return refuse(response, HttpStatus.NOT_FOUND, "the operator endpoints are switched off (no operator token is configured)");
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith("Bearer ")) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return refuse(response, HttpStatus.UNAUTHORIZED, "operator endpoints need 'Authorization: Bearer <operator token>'");
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, operator.token().getBytes(StandardCharsets.UTF_8))) {
            return refuse(response, HttpStatus.FORBIDDEN, "the operator token is wrong");
        }
        return true;
    }

    private static boolean refuse(HttpServletResponse response, HttpStatus status, String detail) throws Exception {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}");
        return false;
    }
}
