package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.SALEOUT_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.SIGN;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenParams;
import io.jstpipeline.common.qimen.QimenSigner;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** A minimal Qimen client for the tests: system parameters, signing, form POST, JSON answer. */
final class SignedClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final QimenGateway gateway;

    SignedClient(QimenGateway gateway) {
        this.gateway = gateway;
    }

    /** The system parameters of a saleout query sent now, not yet signed. */
    Map<String, String> params(String signMethod) {
        return paramsFor(SALEOUT_METHOD, signMethod);
    }

    /** The system parameters of a call to {@code method} sent now, not yet signed. */
    Map<String, String> paramsFor(String method, String signMethod) {
        return QimenParams.system(method, gateway.appKey(), gateway.customerId(), signMethod);
    }

    /** Adds the signature computed with the gateway's secret. */
    Map<String, String> signed(Map<String, String> params) {
        params.put(SIGN, new QimenSigner(gateway.appSecret()).sign(params));
        return params;
    }

    JsonNode call(Map<String, String> params) throws IOException, InterruptedException {
        HttpResponse<String> response = post(gateway.gatewayUrl(), params);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    /** Signs and sends the parameters, whatever the answer. */
    HttpResponse<String> post(Map<String, String> params) throws IOException, InterruptedException {
        return post(gateway.gatewayUrl(), signed(params));
    }

    HttpResponse<String> post(String url, Map<String, String> params) throws IOException, InterruptedException {
        String form = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
