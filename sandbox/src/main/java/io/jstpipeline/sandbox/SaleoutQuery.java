package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.END_TIME;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_INDEX;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_SIZE;
import static io.jstpipeline.common.qimen.QimenParams.START_TIME;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The business parameters of {@code jushuitan.saleout.list.query}, checked as the API checks them.
 * The window is {@code start_time <= modified < end_time}.
 *
 * @param statuses the statuses asked for; empty means all
 */
record SaleoutQuery(int pageIndex, int pageSize, LocalDateTime start, LocalDateTime end, List<String> statuses) {

    static final String STATUS = "status";
    static final int DEFAULT_PAGE_SIZE = 25;
    /** The open API's limit for sales outbound notes. */
    static final int MAX_PAGE_SIZE = 50;
    static final Duration MAX_WINDOW = Duration.ofDays(7);

    /** @throws GatewayError with code 41 when a parameter is out of range or malformed */
    static SaleoutQuery parse(Map<String, String> params) {
        int pageIndex = intParam(params, PAGE_INDEX, 1);
        if (pageIndex < 1) {
            throw GatewayError.invalidArguments("page_index must be 1 or more, got " + pageIndex);
        }
        int pageSize = intParam(params, PAGE_SIZE, DEFAULT_PAGE_SIZE);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw GatewayError.invalidArguments(
                    "page_size must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize);
        }
        String startText = params.getOrDefault(START_TIME, "");
        String endText = params.getOrDefault(END_TIME, "");
        if (startText.isEmpty() || endText.isEmpty()) {
            // The API accepts neither; this sandbox always wants a window, like the extractor always sends.
            throw GatewayError.invalidArguments(startText.isEmpty() && endText.isEmpty()
                    ? "start_time and end_time are required"
                    : "start_time and end_time must be given together");
        }
        LocalDateTime start = timeParam(START_TIME, startText);
        LocalDateTime end = timeParam(END_TIME, endText);
        if (end.isBefore(start)) {
            throw GatewayError.invalidArguments("end_time " + endText + " is before start_time " + startText);
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw GatewayError.invalidArguments("the window from start_time " + startText + " to end_time "
                    + endText + " exceeds 7 days");
        }
        return new SaleoutQuery(pageIndex, pageSize, start, end, statuses(params.getOrDefault(STATUS, "")));
    }

    boolean matchesStatus(String status) {
        return statuses.isEmpty() || statuses.contains(status);
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

    /** One status or several, comma-joined; each must be one the API knows. */
    private static List<String> statuses(String text) {
        List<String> statuses = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String status : statuses) {
            if (!SaleoutGenerator.STATUSES.contains(status)) {
                throw GatewayError.invalidArguments(
                        "status must be one of " + String.join(", ", SaleoutGenerator.STATUSES) + ", got " + status);
            }
        }
        return statuses;
    }
}
