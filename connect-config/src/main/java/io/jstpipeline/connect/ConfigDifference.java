package io.jstpipeline.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How a connector's configuration on the cluster differs from the one that would be put, key by key, the values
 * as {@link ConfigSecrets} shows them. Connect's own {@code name} key, which it adds to every configuration it
 * returns, is no difference.
 *
 * @param lines one per differing key in key order: {@code changed k: old → new}, {@code added k: new} or
 *              {@code removed k: old}
 */
public record ConfigDifference(List<String> lines) {

    private static final String CONNECT_NAME_KEY = "name";

    public static ConfigDifference between(Map<String, String> onCluster, Map<String, String> wanted) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(onCluster.keySet());
        keys.addAll(wanted.keySet());
        keys.remove(CONNECT_NAME_KEY);
        for (String key : keys) {
            String before = onCluster.get(key);
            String after = wanted.get(key);
            if (before == null) {
                lines.add("added " + key + ": " + ConfigSecrets.shown(key, after));
            } else if (after == null) {
                lines.add("removed " + key + ": " + ConfigSecrets.shown(key, before));
            } else if (!Objects.equals(before, after)) {
                lines.add("changed " + key + ": " + ConfigSecrets.shown(key, before) + " → "
                        + ConfigSecrets.shown(key, after));
            }
        }
        return new ConfigDifference(List.copyOf(lines));
    }

    public boolean unchanged() {
        return lines.isEmpty();
    }
}
