package io.jstpipeline.common.qimen;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The gateway's clock: {@code yyyy-MM-dd HH:mm:ss} in China time, for parameters and document fields. */
public final class QimenTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private QimenTime() {
    }

    public static String format(LocalDateTime time) {
        return FORMAT.format(time);
    }

    public static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text, FORMAT);
    }

    public static LocalDateTime now() {
        return LocalDateTime.now(ZONE).withNano(0);
    }
}
