package io.jstpipeline.extractor.qimen;

/**
 * What a merchant's Qimen app is called with. {@link #toString()} leaves the secret out, so that credentials
 * can be logged.
 *
 * @param gatewayUrl the merchant's Qimen gateway, e.g. {@code http://<app-domain>.api.taobao.com/router/qm}
 * @param appKey     the Qimen app key
 * @param appSecret  the secret requests are signed with
 * @param customerId the merchant's routing id
 */
public record QimenCredentials(String gatewayUrl, String appKey, String appSecret, String customerId) {

    public QimenCredentials {
        requireText(gatewayUrl, "gatewayUrl");
        requireText(appKey, "appKey");
        requireText(appSecret, "appSecret");
        requireText(customerId, "customerId");
    }

    @Override
    public String toString() {
        return "QimenCredentials[gatewayUrl=" + gatewayUrl + ", appKey=" + appKey + ", appSecret=***, customerId="
                + customerId + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
