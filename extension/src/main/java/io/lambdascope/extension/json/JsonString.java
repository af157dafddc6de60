package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberInput;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * A JSON string. A long one read from a large UTF-8 document keeps its place in the document and
 * is decoded when first asked for, so that a 6 MB body whose size alone is recorded is never
 * turned into text.
 */
final class JsonString extends JsonValue {

    /** The longest piece {@link #textInPieces} hands out, in chars. */
    static final int PIECE = 8192;

    /** The document, or null for a string given as text. */
    private final byte[] document;
    private final int start;
    private final int end;
    /** The text once decoded; a race decodes it twice into equal strings, which is harmless. */
    private String text;

    JsonString(String text) {
        this.document = null;
        this.start = 0;
        this.end = 0;
        this.text = text;
    }

    /**
     * A string as it stands in a document the parser has checked.
     *
     * @param start the first byte after the opening quote
     * @param end the closing quote
     */
    JsonString(byte[] document, int start, int end) {
        this.document = document;
        this.start = start;
        this.end = end;
    }

    private String text() {
        String decoded = text;
        if (decoded == null) {
            decoded = new EscapedText(document, start, end).decode();
            text = decoded;
        }
        return decoded;
    }

    /** Whether the text has not been decoded yet. */
    boolean undecoded() {
        return text == null;
    }

    @Override
    public Type type() {
        return Type.STRING;
    }

    @Override
    public String stringValue() {
        return text();
    }

    @Override
    public String asText() {
        return text();
    }

    @Override
    public void textInPieces(Predicate<String> piece) {
        String decoded = text;
        if (decoded != null) {
            if (!decoded.isEmpty()) {
                piece.test(decoded);
            }
            return;
        }
        EscapedText escaped = new EscapedText(document, start, end);
        char[] chars = new char[Math.min(PIECE, end - start + 1)];
        while (escaped.more() && piece.test(new String(chars, 0, escaped.read(chars, chars.length - 1)))) {
            // Each piece is handed over by the condition.
        }
    }

    @Override
    public long utf8Length() {
        String decoded = text;
        return decoded != null ? Utf8.length(decoded) : new EscapedText(document, start, end).utf8Length();
    }

    /** As Jackson's {@code TextNode}: a whole number, or a decimal one cut, with blanks around it; else 0. */
    @Override
    public long asLong() {
        return NumberInput.parseAsLong(text(), 0);
    }

    @Override
    public boolean asBoolean() {
        return "true".equals(text().trim());
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeString(text());
    }
}
