package org.dqmstream.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * An inclusive range of run or lumisection numbers as people type it: {@code 12-20}, {@code 12} (just
 * that one), or {@code 12-} (from 12 on).
 *
 * @param last null: no upper end
 */
record NumberRange(int first, Integer last) {
    NumberRange {
        if (first < 1) {
            throw new IllegalArgumentException("a range starts at 1 or later, got " + first);
        }
        if (last != null && last < first) {
            throw new IllegalArgumentException("empty range " + first + "-" + last + ": the end is before the start");
        }
    }

    boolean contains(int n) {
        return n >= first && (last == null || n <= last);
    }

    @Override
    public String toString() {
        return first + "-" + (last == null ? "" : last.toString());
    }

    /** Picocli's reader of the option; its message names the option. */
    static final class Converter implements ITypeConverter<NumberRange> {
        @Override
        public NumberRange convert(String text) {
            String t = text.trim();
            int dash = t.indexOf('-');
            try {
                if (dash < 0) {
                    int n = Integer.parseInt(t);
                    return new NumberRange(n, n);
                }
                String end = t.substring(dash + 1).trim();
                return new NumberRange(Integer.parseInt(t.substring(0, dash).trim()),
                        end.isEmpty() ? null : Integer.parseInt(end));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a range such as 12-20, 12 or 12-");
            }
        }
    }
}
