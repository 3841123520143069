package io.jstpipeline.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDifferenceTest {

    @Test
    void aLiteralSecretIsMaskedAndAProviderReferenceShownAsItIs() {
        assertThat(ConfigSecrets.shown("connection.password", "s3cret")).isEqualTo("******");
        assertThat(ConfigSecrets.shown("transforms.columnLimits.connection.password", "${env:JST_MYSQL_PASSWORD}"))
                .isEqualTo("${env:JST_MYSQL_PASSWORD}");
        assertThat(ConfigSecrets.shown("connection.password", "${file:/etc/jst/secrets.properties:password}"))
                .isEqualTo("${file:/etc/jst/secrets.properties:password}");
        assertThat(ConfigSecrets.shown("sasl.client.secret", "x")).isEqualTo("******");
        assertThat(ConfigSecrets.shown("aws.Credentials", "x")).isEqualTo("******");
        // A reference with text around it is a literal in part: masked.
        assertThat(ConfigSecrets.shown("connection.password", "pre${env:X}")).isEqualTo("******");
        assertThat(ConfigSecrets.shown("tasks.max", "2")).isEqualTo("2");
        assertThat(ConfigSecrets.shown("connection.password", "")).isEqualTo("\"\"");
    }

    @Test
    void aPasswordInAJdbcUrlIsMasked() {
        assertThat(ConfigSecrets.shown("connection.url", "jdbc:mysql://db:3306/jst?user=jst&password=pw1"))
                .isEqualTo("jdbc:mysql://db:3306/jst?user=jst&password=***");
    }

    @Test
    void theSameConfigurationIsUnchangedWhateverConnectAddsAsName() {
        ConfigDifference difference = ConfigDifference.between(
                Map.of("name", "jst-sink-a", "tasks.max", "1", "connection.password", "pw"),
                Map.of("tasks.max", "1", "connection.password", "pw"));

        assertThat(difference.unchanged()).isTrue();
        assertThat(difference.lines()).isEmpty();
    }

    @Test
    void changedAddedAndRemovedKeysAreListedOldToNewWithSecretsMasked() {
        ConfigDifference difference = ConfigDifference.between(
                Map.of("name", "jst-sink-a", "tasks.max", "1", "connection.password", "old-pw", "retry.max", "40"),
                Map.of("tasks.max", "2", "connection.password", "${env:JST_MYSQL_PASSWORD}", "errors.log.enable", "true"));

        assertThat(difference.unchanged()).isFalse();
        assertThat(difference.lines()).containsExactly(
                "changed connection.password: ****** → ${env:JST_MYSQL_PASSWORD}",
                "added errors.log.enable: true",
                "removed retry.max: 40",
                "changed tasks.max: 1 → 2");
        assertThat(String.join("\n", difference.lines())).doesNotContain("old-pw");
    }
}
