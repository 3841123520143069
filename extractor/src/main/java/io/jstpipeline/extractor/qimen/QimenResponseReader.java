package io.jstpipeline.extractor.qimen;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads a list query's response body in one streaming pass. Each document's bytes are cut out of the body by
 * the parser's byte offsets, so that the raw topic gets the document exactly as the API sent it, and its text
 * (mostly Chinese) is never decoded into a Java string and encoded again.
 *
 * <p>Success: {@code {"response": {"page_index", "page_size", "data_count", "page_count", "has_next",
 * <list field>: [...]}}}. Failure: the gateway's {@code {"error_response": {"code", "msg", "sub_code",
 * "sub_msg", "request_id"}}} or Jushuitan's {@code {"response": {"flag": "failure", "code", "message",
 * "request_id"}}}.
 */
final class QimenResponseReader {

    private static final String RESPONSE = "response";
    private static final String ERROR_RESPONSE = "error_response";

    private QimenResponseReader() {
    }

    /**
     * @param page  the page asked for, which its documents are told to come from
     * @param call  the call, to name in an exception
     * @param scrub applied to every text of the gateway's that goes into an exception message
     * @throws QimenApiException for a failure envelope or a body that is neither envelope
     */
    static QimenPage read(byte[] body, String listField, int page, String call, UnaryOperator<String> scrub) {
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw QimenApiException.malformed(call, "the body is not a JSON object", null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                boolean object = parser.nextToken() == JsonToken.START_OBJECT;
                if (object && RESPONSE.equals(name)) {
                    return readResponse(parser, body, listField, page, call, scrub);
                }
                if (object && ERROR_RESPONSE.equals(name)) {
                    throw gatewayRefusal(parser.readValueAsTree(), call, scrub);
                }
                parser.skipChildren();
            }
            throw QimenApiException.malformed(call, "the body holds neither response nor error_response", null);
        } catch (IOException e) {
            throw QimenApiException.malformed(call, "the body is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static QimenPage readResponse(JsonParser parser, byte[] body, String listField, int page, String call,
                                          UnaryOperator<String> scrub) throws IOException {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        List<RawDocument> documents = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && name.equals(listField)) {
                documents = readDocuments(parser, body, listField, page, call);
            } else {
                fields.set(name, parser.readValueAsTree());
            }
        }
        if (isFailure(fields)) {
            throw QimenApiException.refused(call, fields.path("code").asText(), null,
                    scrub.apply(withRequestId(fields.path("message").asText(), fields)));
        }
        if (!fields.hasNonNull("has_next")) {
            throw QimenApiException.malformed(call, "the response has no has_next", null);
        }
        return new QimenPage(fields.path("page_index").asInt(), fields.path("page_size").asInt(),
                fields.path("data_count").asInt(), fields.path("page_count").asInt(),
                fields.get("has_next").asBoolean(), documents);
    }

    private static List<RawDocument> readDocuments(JsonParser parser, byte[] body, String listField, int page,
                                                   String call)
            throws IOException {
        List<RawDocument> documents = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
            ObjectNode fields = Json.MAPPER.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue()) {
                    fields.set(name, scalar(parser, value));
                } else {
                    parser.skipChildren();
                }
            }
            // The parser now sits on the document's closing brace.
            int end = Math.toIntExact(parser.currentTokenLocation().getByteOffset()) + 1;
            documents.add(new RawDocument(Arrays.copyOfRange(body, start, end), fields, page));
        }
        if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw QimenApiException.malformed(call, "an element of " + listField + " is not an object", null);
        }
        return documents;
    }

    /**
     * The scalar under the parser as {@code Json.MAPPER} reads it. Texts and whole numbers, most of a document's
     * values, are made directly: a deserializer per value costs more than reading the value.
     */
    private static JsonNode scalar(JsonParser parser, JsonToken value) throws IOException {
        JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
        if (value == JsonToken.VALUE_STRING) {
            return nodes.textNode(parser.getText());
        }
        if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return nodes.numberNode(parser.getIntValue());
        }
        if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.LONG) {
            return nodes.numberNode(parser.getLongValue());
        }
        return parser.readValueAsTree();
    }

    /** Jushuitan flags a failure, and a non-zero code is no page either. */
    private static boolean isFailure(JsonNode fields) {
        return "failure".equals(fields.path("flag").asText())
                || fields.hasNonNull("code") && !"0".equals(fields.get("code").asText());
    }

    private static QimenApiException gatewayRefusal(JsonNode error, String call, UnaryOperator<String> scrub) {
        String detail = error.path("msg").asText();
        if (error.hasNonNull("sub_msg")) {
            detail += ": " + error.get("sub_msg").asText();
        }
        String subCode = error.hasNonNull("sub_code") ? error.get("sub_code").asText() : null;
        return QimenApiException.refused(call, error.path("code").asText(), subCode,
                scrub.apply(withRequestId(detail, error)));
    }

    /** The request id is what the vendor's support asks for. */
    private static String withRequestId(String detail, JsonNode envelope) {
        return envelope.hasNonNull("request_id")
                ? detail + " (request_id " + envelope.get("request_id").asText() + ")"
                : detail;
    }
}
