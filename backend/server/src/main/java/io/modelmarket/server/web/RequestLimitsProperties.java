package io.modelmarket.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may be and how often a client may ask for expensive work ({@code modelmarket.limits}).
 *
 * @param datasetUpload the largest body of {@code POST /api/requester/bounties} (the labelled CSV)
 * @param submissionUpload the largest body of {@code POST /api/trainer/bounties/{id}/submissions} (predictions and model)
 * @param predictUpload the largest body of {@code POST /api/models/{id}/predict} (JSON rows or a CSV)
 * @param kitJson the largest body of the kit endpoints (reveal, claim: JSON with the labels or predictions)
 * @param otherBody the largest body of any other request
 * @param uploadsPerMinute bounty uploads one client may make per minute (and at once)
 * @param modelChecksPerMinute submission checks (a sandboxed model run each) one client may ask per minute
 * @param predictionsPerMinute prediction calls (a sandboxed model run each) one client may make per minute
 */
@ConfigurationProperties("modelmarket.limits")
public record RequestLimitsProperties(
        @DefaultValue("200MB") DataSize datasetUpload,
        @DefaultValue("210MB") DataSize submissionUpload,
        @DefaultValue("32MB") DataSize predictUpload,
        @DefaultValue("16MB") DataSize kitJson,
        @DefaultValue("1MB") DataSize otherBody,
        @DefaultValue("10") int uploadsPerMinute,
        @DefaultValue("10") int modelChecksPerMinute,
        @DefaultValue("60") int predictionsPerMinute) {}
