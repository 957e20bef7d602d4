package dev.pulse.model;

import tools.jackson.core.JsonParser;

/**
 * The strings of fields that take few distinct values across many events (tenants, event names, countries,
 * browsers, campaigns), each made once and handed out again for the same text, rather than one new {@code String}
 * per field of every event. Jackson canonicalizes field names this way but not values, and interning a string
 * (with {@code String.intern} or Guava's interners) needs the string made first, which is the cost saved here.
 *
 * <p>A direct-mapped table of recent strings, indexed by the text's hash: a lookup compares one entry, and a miss
 * makes the string and puts it in that entry, so two frequent values sharing an entry only cost a string each time
 * they alternate. Thread-safe without locks: entries are immutable strings, and a reader sees either one or another.
 */
final class RepeatedText {

    /** Longer texts (a user agent, say) are rarely repeated values; they are made as strings every time. */
    private static final int MAX_LENGTH = 48;
    private static final int ENTRIES = 4096;

    private final String[] entries = new String[ENTRIES];

    /** The text of the parser's current {@code VALUE_STRING} token. */
    String of(JsonParser p) {
        int length = p.getStringLength();
        if (length > MAX_LENGTH) {
            return p.getString();
        }
        char[] chars = p.getStringCharacters();
        int offset = p.getStringOffset();
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + chars[i];
        }
        int index = (hash ^ (hash >>> 16)) & (ENTRIES - 1);
        String entry = entries[index];
        if (entry != null && matches(entry, chars, offset, length)) {
            return entry;
        }
        String made = new String(chars, offset, length);
        entries[index] = made;
        return made;
    }

    private static boolean matches(String entry, char[] chars, int offset, int length) {
        if (entry.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (entry.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
