package io.jstpipeline.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueConverterTest {

    private static final long TEN_O_CLOCK = LocalDateTime.of(2024, 1, 2, 10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

    @Test
    void timesInEveryFormTheApiSendsBecomeTheWallClockAtUtc() throws RowRejected {
        ColumnMapping modified = column("datetime");
        assertThat(convert(modified, "2024-01-02 10:00:00")).isEqualTo(TEN_O_CLOCK);
        assertThat(convert(modified, "2024-01-02T10:00:00")).isEqualTo(TEN_O_CLOCK);
        assertThat(convert(modified, " 2024-01-02 10:00:00.250 ")).isEqualTo(TEN_O_CLOCK + 250);
        assertThat(convert(modified, "2024-01-02T10:00:00.123456")).isEqualTo(TEN_O_CLOCK + 123);
        for (String impossible : new String[] {"2024-02-30 10:00:00", "2024-13-01 10:00:00", "2024-01-02 24:00:00",
                "2024-01-0x 10:00:00"}) {
            assertThatThrownBy(() -> convert(modified, impossible)).as(impossible).isInstanceOf(RowRejected.class);
        }
    }

    @Test
    void moneyStringsBecomeExactDecimalsAtTheColumnsScale() throws RowRejected {
        ColumnMapping money = column("decimal(14,2)");
        assertThat(convert(money, "245.8")).isEqualTo(new BigDecimal("245.80"));
        assertThat(((BigDecimal) convert(money, "0.1")).add((BigDecimal) convert(money, "0.2")))
                .isEqualTo(new BigDecimal("0.30"));
        assertThat(convert(money, "-12")).isEqualTo(new BigDecimal("-12.00"));
        assertRejected(money, "12,5", "not a decimal number");
        assertRejected(money, "1.005", "more than 2 decimals");
        assertRejected(money, "1234567890123.00", "exceeds DECIMAL(14,2)");
    }

    @Test
    void integersAndFlagsAcceptWhatTheApiSends() throws RowRejected {
        assertThat(ValueConverter.convert(column("bigint"), IntNode.valueOf(10000017), new ArrayList<>())).isEqualTo(10000017L);
        assertThat(convert(column("bigint"), " 10000017 ")).isEqualTo(10000017L);
        assertThat(convert(column("int"), "7")).as("an Integer, not a Long").isEqualTo(7);
        assertRejected(column("int"), "3000000000", "out of range");
        assertRejected(column("int"), "2.5", "not an integer");
        assertThat(ValueConverter.convert(column("boolean"), BooleanNode.TRUE, new ArrayList<>())).isEqualTo(true);
        assertThat(convert(column("boolean"), "0")).isEqualTo(false);
        assertRejected(column("boolean"), "maybe", "not a boolean");
        assertRejected(column("datetime"), "2024/01/02 10:00", "not a time");
    }

    @Test
    void emptyValuesBecomeNullForEveryTypeStringsIncluded() throws RowRejected {
        for (String type : new String[] {"string(10)", "decimal(14,2)", "int", "bigint", "datetime", "boolean"}) {
            assertThat(convert(column(type), "")).as(type).isNull();
            assertThat(convert(column(type), " \t\r\n ")).as(type).isNull();
            assertThat(ValueConverter.convert(column(type), MissingNode.getInstance(), new ArrayList<>())).as(type).isNull();
        }
    }

    @Test
    void textLosesControlCharactersAndSurroundingWhitespaceButKeepsLineBreaks() throws RowRejected {
        ColumnMapping remark = column("string(50)");
        assertThat(convert(remark, "  请尽快\u0000发货\u001b  ")).isEqualTo("请尽快发货");
        assertThat(convert(remark, "第一行\r\n第二行\t末尾\u3000")).isEqualTo("第一行\n第二行\t末尾");
    }

    @Test
    void tooLongTextIsRejectedUnlessTheColumnTruncatesCountingCharactersNotBytes() throws RowRejected {
        assertThat(convert(column("string(3)"), "长长长")).isEqualTo("长长长");
        assertRejected(column("string(3)"), "长长长长", "value of 4 characters exceeds VARCHAR(3)");
        ColumnMapping truncated = new ColumnMapping("c", "c", new ColumnType.Text(3), false, null,
                ColumnMapping.Invalid.TRUNCATE, null);
        List<CleanedValue> cleaned = new ArrayList<>();
        assertThat(ValueConverter.convert(truncated, TextNode.valueOf("😊😊😊😊"), cleaned)).isEqualTo("😊😊😊");
        assertThat(cleaned).containsExactly(new CleanedValue(truncated, "😊😊😊😊",
                "c: value of 4 characters exceeds VARCHAR(3)"));
    }

    @Test
    void amountsWithThousandsSeparatorsParseAndOtherCommasStillReject() throws RowRejected {
        ColumnMapping money = column("decimal(14,2)");
        assertThat(convert(money, "1,234.50")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(convert(money, "-12,345,678")).isEqualTo(new BigDecimal("-12345678.00"));
        assertRejected(money, "12,5", "not a decimal number: '12,5'");
        assertRejected(money, "1,23.40", "not a decimal number");
        assertRejected(money, "1,2345.00", "not a decimal number");
    }

    @Test
    void aZeroOrUnreadableTimeInAColumnThatNullsIsNullAndSaysWhy() throws RowRejected {
        ColumnMapping nulled = new ColumnMapping("c", "c", new ColumnType.DateTime(), false, null,
                ColumnMapping.Invalid.NULL, null);
        List<CleanedValue> cleaned = new ArrayList<>();
        assertThat(ValueConverter.convert(nulled, TextNode.valueOf("0000-00-00 00:00:00"), cleaned)).isNull();
        assertThat(ValueConverter.convert(nulled, TextNode.valueOf(""), cleaned)).as("empty is absent, not invalid")
                .isNull();
        assertThat(cleaned).containsExactly(new CleanedValue(nulled, "0000-00-00 00:00:00",
                "c: not a time of the form yyyy-MM-dd HH:mm:ss: '0000-00-00 00:00:00'"));
        assertRejected(column("datetime"), "0000-00-00 00:00:00", "not a time");
    }

    @Test
    void aRequiredValueMayBeEmptyOnlyWithADefault() throws RowRejected {
        ColumnMapping required = new ColumnMapping("c", "c", new ColumnType.Text(8), true, null,
                ColumnMapping.Invalid.REJECT, null);
        assertRejected(required, " ", "required value is missing or empty");
        ColumnMapping withDefault = new ColumnMapping("c", "c", new ColumnType.Text(8), true, "CNY",
                ColumnMapping.Invalid.REJECT, null);
        assertThat(convert(withDefault, "")).isEqualTo("CNY");
        assertThat(ValueConverter.convert(withDefault, MissingNode.getInstance(), new ArrayList<>())).isEqualTo("CNY");
        assertThat(convert(withDefault, "USD")).isEqualTo("USD");
    }

    private static ColumnMapping column(String type) {
        return new ColumnMapping("c", "c", ColumnType.parse(type), false, null, ColumnMapping.Invalid.REJECT, null);
    }

    /** Converts a value its column's rule should not have to clean. */
    private static Object convert(ColumnMapping column, String value) throws RowRejected {
        List<CleanedValue> cleaned = new ArrayList<>();
        Object converted = ValueConverter.convert(column, TextNode.valueOf(value), cleaned);
        assertThat(cleaned).as("cleaned").isEmpty();
        return converted;
    }

    private static void assertRejected(ColumnMapping column, String value, String reason) {
        assertThatThrownBy(() -> convert(column, value)).isInstanceOf(RowRejected.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((RowRejected) e).column()).isEqualTo("c"));
    }
}
