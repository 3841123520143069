package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RowBatchTest {

    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA)
            .field("qty", Schema.OPTIONAL_INT32_SCHEMA).build();
    private long offset;

    @Test
    void eachKeysLastRecordWinsAndATombstoneDeletes() {
        RowBatch batch = RowBatch.of(List.of(row("a", 1), row("b", 1), row("a", 2), tombstone("b"), row("c", 1),
                tombstone("c"), row("c", 3)), RowSinkConfig.Mode.UPSERT, "id");

        assertThat(batch.rows()).hasSize(1);
        assertThat(batch.rows().get(0).records()).extracting(r -> ((Struct) r.value()).getString("id") + "="
                + ((Struct) r.value()).getInt32("qty")).containsExactly("a=2", "c=3");
        assertThat(batch.deletes()).extracting(SinkRecord::key).containsExactly("b");
        assertThat(batch.refused()).isEmpty();
    }

    @Test
    void withVersionColumnsAnOlderRowDoesNotReplaceANewerOneOfThePut() {
        Schema versioned = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA)
                .field("v", Schema.OPTIONAL_INT64_SCHEMA).build();
        java.util.function.BiFunction<String, Long, SinkRecord> row = (id, v) -> new SinkRecord("t", 0,
                Schema.STRING_SCHEMA, id, versioned, new Struct(versioned).put("id", id).put("v", v), offset++);
        RowBatch batch = RowBatch.of(List.of(row.apply("a", 2L), row.apply("a", 1L), row.apply("b", 1L),
                row.apply("b", 2L), row.apply("c", null), row.apply("c", 1L), row.apply("d", 1L), row.apply("d", null)),
                RowSinkConfig.Mode.UPSERT, "id", List.of("v"));

        assertThat(batch.rows().get(0).records()).extracting(r -> r.key() + "=" + ((Struct) r.value()).get("v"))
                .containsExactly("a=2", "b=2", "c=1", "d=1");
    }

    @Test
    void rowsGoInTheirKeysOrderWhileAppendingKeepsTheOrderTheyCame() {
        List<SinkRecord> records = List.of(row("c", 1), row("a", 1), row("b", 1));

        assertThat(RowBatch.of(records, RowSinkConfig.Mode.UPSERT, "id").rows().get(0).records())
                .extracting(SinkRecord::key).containsExactly("a", "b", "c");
        assertThat(RowBatch.of(records, RowSinkConfig.Mode.APPEND, "id").rows().get(0).records())
                .extracting(SinkRecord::key).containsExactly("c", "a", "b");
    }

    @Test
    void keysOfMixedTypesKeepTheOrderTheyCame() {
        SinkRecord numbered = new SinkRecord("t", 0, null, 7L, ROW, new Struct(ROW).put("id", "7"), offset++);

        assertThat(RowBatch.of(List.of(row("b", 1), numbered, row("a", 1)), RowSinkConfig.Mode.UPSERT, "id").rows()
                .get(0).records()).extracting(SinkRecord::key).containsExactly("b", 7L, "a");
    }

    @Test
    void appendingKeepsEveryVersionAndSkipsTombstones() {
        RowBatch batch = RowBatch.of(List.of(row("a", 1), row("a", 2), tombstone("a")), RowSinkConfig.Mode.APPEND, "id");

        assertThat(batch.rows().get(0).records()).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 1L);
        assertThat(batch.deletes()).isEmpty();
    }

    @Test
    void aStructKeysFieldOrTheValuesFieldIsTheKey() {
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
        SinkRecord structKey = new SinkRecord("t", 0, keySchema, new Struct(keySchema).put("id", "k"), null, null, 0);
        Struct value = new Struct(ROW).put("id", "v");
        SinkRecord noKey = new SinkRecord("t", 0, null, null, ROW, value, 1);

        assertThat(RowBatch.key(structKey, "id")).isEqualTo("k");
        assertThat(RowBatch.key(noKey, "id")).isEqualTo("v");
    }

    @Test
    void aRecordWithoutKeyOrWithoutStructIsRefusedWithTheReason() {
        SinkRecord noKey = new SinkRecord("t", 0, null, null, null, null, 0);
        SinkRecord plain = new SinkRecord("t", 0, null, "k", null, "just text", 1);

        RowBatch batch = RowBatch.of(List.of(noKey, plain, row("a", 1)), RowSinkConfig.Mode.UPSERT, "id");

        assertThat(batch.refused()).extracting(RowBatch.Refused::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("no id"),
                reason -> assertThat(reason).contains("not a struct"));
        assertThat(batch.rows().get(0).records()).hasSize(1);
    }

    private SinkRecord row(String id, int qty) {
        return new SinkRecord("t", 0, null, id, ROW, new Struct(ROW).put("id", id).put("qty", qty), offset++);
    }

    private SinkRecord tombstone(String id) {
        return new SinkRecord("t", 0, null, id, null, null, offset++);
    }
}
