package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformCommandTest {

    @TempDir
    Path dir;

    @Test
    void aMappingFileWithAnErrorStopsStartUpNamingTheTableAndTheColumn() throws Exception {
        Path mappings = dir.resolve("mappings.yml");
        Files.writeString(mappings, """
                tables:
                  - name: refunds
                    flow: refund
                    document_id: as_id
                    explode: items
                    row_id: "{as_id}-{items.asi_id}"
                    columns:
                      - {name: as_id, type: bigint}
                      - {name: items_asi_id, source: items.asi_id, type: bigint}
                      - {name: amount, type: money}
                """);
        StringWriter err = new StringWriter();

        int exit = JstPipeline.commandLine().setErr(new PrintWriter(err, true))
                .execute("transform", "--mappings-file", mappings.toString(), "--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("refunds").contains("amount").contains("money")
                .hasLineCount(1);
    }
}
