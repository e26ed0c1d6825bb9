package org.fencecheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text helpers for the 80-column summary. */
final class Text {

    /** The widest line summary.txt may have (every line is shorter than 80 columns). */
    static final int WIDTH = 79;

    private Text() {
    }

    /**
     * Breaks {@code text} into lines of at most {@code width} characters, continuation lines starting with
     * {@code hang}. Breaks go after "; " and ": " where possible (so "fn: act; act" keeps its parts whole), else
     * at spaces; a word longer than a line is cut.
     */
    static List<String> wrap(String text, int width, String hang) {
        return wrap(text, width, hang, true, width);
    }

    /**
     * Like {@link #wrap(String, int, String)}, but a word longer than {@code width} may run on up to
     * {@code hardWidth} before it is cut.
     */
    static List<String> wrap(String text, int width, String hang, int hardWidth) {
        return wrap(text, width, hang, true, Math.max(width, hardWidth));
    }

    /** Like {@link #wrap(String, int, String)} but breaking at any space, for prose. */
    static List<String> wrapWords(String text, int width, String hang) {
        return wrap(text, width, hang, false, width);
    }

    private static List<String> wrap(String text, int width, String hang, boolean atUnits, int hardWidth) {
        width = Math.max(width, hang.length() + 8);
        List<String> units = new ArrayList<>();
        String rest = text.strip();
        int from = 0;
        for (int i = 0; atUnits && i + 1 < rest.length(); i++) {
            char c = rest.charAt(i);
            if ((c == ';' || c == ':') && rest.charAt(i + 1) == ' ') {
                units.add(rest.substring(from, i + 2));
                from = i + 2;
            }
        }
        units.add(rest.substring(from));
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String u : units) {
            int room = width - (out.isEmpty() ? 0 : hang.length());
            if ((cur + u).stripTrailing().length() <= room) {
                cur.append(u);
                continue;
            }
            if (cur.length() > 0 && u.stripTrailing().length() <= width - hang.length()) {
                out.add(cur.toString().stripTrailing());
                cur.setLength(0);
                cur.append(u);
                continue;
            }
            String w = cur + u.strip();
            cur.setLength(0);
            while (w.length() > room) {
                int cut = w.lastIndexOf(' ', room);
                if (cut <= 0) {
                    int space = w.indexOf(' ');
                    int word = space < 0 ? w.length() : space;
                    int hardRoom = room + hardWidth - width;
                    if (word <= hardRoom) {
                        if (space < 0) {
                            break;
                        }
                        cut = space;
                    } else {
                        int nbsp = w.lastIndexOf('\u00a0', hardRoom);
                        cut = nbsp > 0 ? nbsp : hardRoom;
                    }
                }
                out.add(w.substring(0, cut).stripTrailing());
                w = w.substring(cut).strip();
                if (w.startsWith("\u00a0")) {
                    w = w.substring(1);
                }
                room = width - hang.length();
            }
            cur.append(w).append(u.endsWith(" ") ? " " : "");
        }
        if (cur.length() > 0 || out.isEmpty()) {
            out.add(cur.toString().stripTrailing());
        }
        for (int i = 1; i < out.size(); i++) {
            out.set(i, hang + out.get(i));
        }
        return out;
    }

    /** Wraps to {@link #WIDTH} with every line starting with {@code indent} and continuation lines with {@code hang}. */
    static List<String> para(String text, String indent, String hang) {
        List<String> lines = wrapWords(text, WIDTH - indent.length(), hang.substring(Math.min(hang.length(),
                indent.length())));
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(indent + l);
        }
        return out;
    }

    /** {@code s} padded with spaces to {@code width}. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** {@code s} right-aligned in {@code width}. */
    static String left(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** {@code text} underlined with {@code ch}. */
    static String heading(String text, char ch) {
        return text + "\n" + String.valueOf(ch).repeat(text.length()) + "\n";
    }

    /** 12,345 */
    static String count(Long n) {
        return n == null ? "-" : String.format(Locale.ROOT, "%,d", n);
    }

    /** 1.2 */
    static String seconds(Double s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.1f", s);
    }

    /** {@code text} starting at column {@code col}. */
    static String at(int col, String text) {
        return " ".repeat(Math.max(0, col)) + text;
    }

    /** Cuts every line longer than {@link #WIDTH} (a last safety net; the layouts wrap before). */
    static String enforceWidth(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String l = line.stripTrailing();
            while (l.length() > WIDTH) {
                int cut = l.lastIndexOf(' ', WIDTH);
                int indent = l.length() - l.stripLeading().length();
                if (cut <= indent) {
                    cut = WIDTH;
                }
                out.append(l, 0, cut).append('\n');
                l = " ".repeat(Math.min(indent + 2, 40)) + l.substring(cut).strip();
            }
            out.append(l).append('\n');
        }
        String s = out.toString();
        return s.endsWith("\n\n") && !text.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s;
    }
}
