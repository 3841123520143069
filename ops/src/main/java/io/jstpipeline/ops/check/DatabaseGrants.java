package io.jstpipeline.ops.check;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privileges the pipeline's database user needs on its schema (README, "Grants"), and which of them the
 * lines of {@code SHOW GRANTS} give: those on every schema ({@code *.*}) and on the schema itself, a name or a
 * LIKE pattern ({@code `jst\_%`.*}). Grants on single tables or columns, and those of roles, are not counted.
 */
enum DatabaseGrants {
    SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP;

    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (?:TABLE )?(\\S+) TO ",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** What {@code grants} leave out of what the pipeline needs on {@code schema}, in the README's order. */
    static Set<DatabaseGrants> missing(List<String> grants, String schema) {
        Set<DatabaseGrants> missing = EnumSet.allOf(DatabaseGrants.class);
        for (String grant : grants) {
            Matcher matcher = GRANT.matcher(grant.strip());
            if (matcher.find() && appliesTo(matcher.group(2), schema)) {
                missing.removeAll(privileges(matcher.group(1)));
            }
        }
        return missing;
    }

    /** {@code *.*}, or {@code `schema`.*} with the name or a LIKE pattern matching it. */
    private static boolean appliesTo(String target, String schema) {
        if (target.equals("*.*")) {
            return true;
        }
        if (!target.endsWith(".*")) {
            return false; // a table's grant
        }
        String name = target.substring(0, target.length() - 2).replace("`", "");
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                regex.append(Pattern.quote(String.valueOf(name.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return schema.matches(regex.toString());
    }

    /** The privileges a grant's list gives on the whole schema: those with a column list give only columns. */
    private static Set<DatabaseGrants> privileges(String list) {
        Set<DatabaseGrants> given = EnumSet.noneOf(DatabaseGrants.class);
        for (String item : splitOutsideParentheses(list)) {
            String privilege = item.strip().toUpperCase(Locale.ROOT);
            if (privilege.equals("ALL") || privilege.equals("ALL PRIVILEGES")) {
                return EnumSet.allOf(DatabaseGrants.class);
            }
            for (DatabaseGrants needed : values()) {
                if (privilege.equals(needed.name())) {
                    given.add(needed);
                }
            }
        }
        return given;
    }

    private static List<String> splitOutsideParentheses(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        StringBuilder item = new StringBuilder();
        for (char c : list.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                items.add(item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString());
        return items;
    }
}
