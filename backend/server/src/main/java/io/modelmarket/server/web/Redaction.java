package io.modelmarket.server.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strips what URLs may carry in text meant for logs and operators: user, password, path, query and fragment
 * (hosted RPC URLs carry API keys in them), keeping only scheme, host and port.
 */
public final class Redaction {
    private static final Pattern URL = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*)://(?:[^/\\s'\"<>@]*@)?([^/\\s'\"<>?#:]+)(:\\d+)?([^\\s'\"<>]*?)(?=[.,;:)]?(?:[\\s'\"<>]|$))");

    private Redaction() {}

    /** {@code text} with every URL cut to its scheme, host and port ({@code null} stays null). */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String port = matcher.group(3) == null ? "" : matcher.group(3);
            String rest = matcher.group(4).isEmpty() || matcher.group(4).equals("/") ? "" : "/…";
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + "://" + matcher.group(2) + port + rest));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whether {@code url} carries nothing but scheme, host and port (so it may be shown as it is). */
    public static boolean isBare(String url) {
        if (url == null || url.contains("@")) {
            return false;
        }
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return redact(trimmed).equals(trimmed);
    }
}
