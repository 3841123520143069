package io.jstpipeline.extractor.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlowCatalogTest {

    private static final String FLOW = """
              - name: refund
                method: jushuitan.refund.list.query
                listField: datas
                idField: as_id
                pageSize: 50
                cursor: ts
                interval: PT5M
                resyncAt: "04:00"
                maxPagesPerWindow: 10
            """;

    @Test
    void theBuiltInFlowsAreSaleoutAndOrder() {
        FlowCatalog catalog = FlowCatalog.builtIn();
        assertThat(catalog.flows()).extracting(FlowDefinition::name).containsExactly("saleout", "order");
        assertThat(catalog.flow("saleout").listField()).isEqualTo("datas");
        assertThat(catalog.flow("order").pageSize()).isEqualTo(100);
    }

    @Test
    void aThirdMethodIsOneMoreDeclaration() throws Exception {
        FlowDefinition refund = read("flows:\n" + FLOW).flow("refund");
        assertThat(refund.cursor()).isEqualTo(FlowDefinition.CursorMode.TS);
        assertThat(refund.interval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anUnknownFlowIsRefusedNamingTheDeclaredOnes() {
        assertThatThrownBy(() -> FlowCatalog.builtIn().flow("refund"))
                .hasMessageContaining("unknown flow refund").hasMessageContaining("saleout");
    }

    @Test
    void errorsNameTheFileAndTheKey() {
        assertThatThrownBy(() -> read("flows:\n" + FLOW.replace("pageSize: 50", "pageSize: 0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.yml").hasMessageContaining("flows[0]").hasMessageContaining("pageSize");
        assertThatThrownBy(() -> read("flows:\n" + FLOW.replace("cursor: ts", "cursor: page")))
                .hasMessageContaining("flows[0].cursor");
        assertThatThrownBy(() -> read("flows:\n" + FLOW.replace("pageSize", "pageSzie")))
                .hasMessageContaining("flows[0].pageSize: is missing");
        assertThatThrownBy(() -> read("flows:\n" + FLOW + "    pageSzie: 3\n"))
                .hasMessageContaining("flows[0].pageSzie: unknown key");
        assertThatThrownBy(() -> read("flows:\n" + FLOW + FLOW)).hasMessageContaining("refund is declared twice");
        assertThatThrownBy(() -> read("flows: []")).hasMessageContaining("no flows");
    }

    private static FlowCatalog read(String yaml) throws Exception {
        return FlowCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
