package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.END_TIME;
import static io.jstpipeline.common.qimen.QimenParams.IS_GET_TOTAL;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_INDEX;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_SIZE;
import static io.jstpipeline.common.qimen.QimenParams.START_TIME;
import static io.jstpipeline.common.qimen.QimenParams.START_TS;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The business parameters of a list query, checked as the API checks them. A query pages either through a
 * window {@code start_time <= modified < end_time} in {@code (modified, id)} order, or, when it carries
 * {@code start_ts}, through the documents with a larger {@code ts} in {@code ts} order (then a window, if one
 * is given too, narrows it).
 *
 * @param start      window start, inclusive; {@code null} when a {@code start_ts} query has no window
 * @param end        window end, exclusive; {@code null} likewise
 * @param startTs    the row version to walk on from, exclusive; {@code null} when paging by window
 * @param statuses   the statuses asked for; empty means all
 * @param withTotals whether the answer carries {@code data_count} and {@code page_count}
 */
record DocumentQuery(int pageIndex, int pageSize, LocalDateTime start, LocalDateTime end, Long startTs,
                     List<String> statuses, boolean withTotals) {

    static final String STATUS = "status";
    static final int DEFAULT_PAGE_SIZE = 25;
    static final Duration MAX_WINDOW = Duration.ofDays(7);

    /** @throws GatewayError with code 41 when a parameter is out of range or malformed */
    static DocumentQuery parse(Map<String, String> params, DocumentKind kind) {
        int pageIndex = intParam(params, PAGE_INDEX, 1);
        if (pageIndex < 1) {
            throw GatewayError.invalidArguments("page_index must be 1 or more, got " + pageIndex);
        }
        int pageSize = intParam(params, PAGE_SIZE, DEFAULT_PAGE_SIZE);
        if (pageSize < 1 || pageSize > kind.maxPageSize()) {
            throw GatewayError.invalidArguments(
                    "page_size must be between 1 and " + kind.maxPageSize() + ", got " + pageSize);
        }
        Long startTs = startTs(params.getOrDefault(START_TS, ""));
        String startText = params.getOrDefault(START_TIME, "");
        String endText = params.getOrDefault(END_TIME, "");
        LocalDateTime start = null;
        LocalDateTime end = null;
        if (startTs == null || !startText.isEmpty() || !endText.isEmpty()) {
            if (startText.isEmpty() || endText.isEmpty()) {
                // The API accepts neither; this sandbox wants a window or a cursor, like the extractor always sends.
                throw GatewayError.invalidArguments(startText.isEmpty() && endText.isEmpty()
                        ? "start_time and end_time are required without start_ts"
                        : "start_time and end_time must be given together");
            }
            start = timeParam(START_TIME, startText);
            end = timeParam(END_TIME, endText);
            if (end.isBefore(start)) {
                throw GatewayError.invalidArguments("end_time " + endText + " is before start_time " + startText);
            }
            if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
                throw GatewayError.invalidArguments("the window from start_time " + startText + " to end_time "
                        + endText + " exceeds 7 days");
            }
        }
        return new DocumentQuery(pageIndex, pageSize, start, end, startTs,
                statuses(params.getOrDefault(STATUS, ""), kind), withTotals(params.getOrDefault(IS_GET_TOTAL, "")));
    }

    /** Whether this query walks by row version rather than paging through a window. */
    boolean byTs() {
        return startTs != null;
    }

    boolean hasWindow() {
        return start != null;
    }

    boolean inWindow(LocalDateTime modified) {
        return !modified.isBefore(start) && modified.isBefore(end);
    }

    boolean matchesStatus(String status) {
        return statuses.isEmpty() || statuses.contains(status);
    }

    private static Long startTs(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            long startTs = Long.parseLong(text.trim());
            if (startTs < 0) {
                throw GatewayError.invalidArguments("start_ts must not be negative, got " + text);
            }
            return startTs;
        } catch (NumberFormatException e) {
            throw GatewayError.invalidArguments("start_ts must be an integer row version, got " + text);
        }
    }

    private static boolean withTotals(String text) {
        return switch (text.trim()) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw GatewayError.invalidArguments("is_get_total must be true or false, got " + text);
        };
    }

    private static int intParam(Map<String, String> params, String name, int absent) {
        String text = params.getOrDefault(name, "");
        if (text.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw GatewayError.invalidArguments(name + " must be an integer, got " + text);
        }
    }

    private static LocalDateTime timeParam(String name, String text) {
        try {
            return QimenTime.parse(text);
        } catch (DateTimeParseException e) {
            throw GatewayError.invalidArguments(name + " must be yyyy-MM-dd HH:mm:ss, got " + text);
        }
    }

    /** One status or several, comma-joined; each must be one the API knows for this kind. */
    private static List<String> statuses(String text, DocumentKind kind) {
        List<String> statuses = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String status : statuses) {
            if (!kind.statuses().contains(status)) {
                throw GatewayError.invalidArguments(
                        "status must be one of " + String.join(", ", kind.statuses()) + ", got " + status);
            }
        }
        return statuses;
    }
}
