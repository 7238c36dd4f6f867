package org.rnnlab.experiments.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The characters (Unicode code points) of a training text, by index; index 0 stands for every character the training
 * text does not have (in held-out text, or a prompt).
 *
 * @param codePoints the known characters, ascending; symbol i + 1 is {@code codePoints[i]}
 */
public record Vocabulary(int[] codePoints) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Most distinct characters (inputs are one-hot over the vocabulary, so a window of T steps and B streams holds
     * T·B·V values: a text in an ideographic script needs a word- or byte-level model, not this one).
     */
    public static final int MAX_CHARACTERS = 4096;

    /** Validates. */
    public Vocabulary {
        if (codePoints.length > MAX_CHARACTERS) {
            throw new IllegalArgumentException("a vocabulary of " + codePoints.length + " distinct characters; character models here take at most "
                    + MAX_CHARACTERS + " (inputs are one-hot over it)");
        }
    }

    /** The characters of a text. */
    public static Vocabulary of(String text) {
        TreeSet<Integer> cps = new TreeSet<>();
        text.codePoints().forEach(cps::add);
        return new Vocabulary(cps.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Symbols, the unknown one included. */
    public int size() {
        return codePoints.length + 1;
    }

    /** The symbols of a text (0 for a character not in the vocabulary). */
    public int[] encode(String text) {
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < codePoints.length; i++) {
            index.put(codePoints[i], i + 1);
        }
        return text.codePoints().map(c -> index.getOrDefault(c, 0)).toArray();
    }

    /** The character of a symbol ({@code U+FFFD} for the unknown one). */
    public String decode(int symbol) {
        return symbol == 0 ? "\uFFFD" : new String(Character.toChars(codePoints[symbol - 1]));
    }

    /** As JSON, for a checkpoint's metadata: the code points. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(codePoints);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an int array is JSON", e);
        }
    }

    /** From {@link #toJson()}. */
    public static Vocabulary fromJson(String json) {
        try {
            int[] cps = JSON.readValue(json, int[].class);
            for (int i = 0; i < cps.length; i++) {
                if (cps[i] < 0 || cps[i] > Character.MAX_CODE_POINT || (i > 0 && cps[i] <= cps[i - 1])) {
                    throw new IllegalArgumentException("the vocabulary must be ascending Unicode code points, got " + cps[i] + " at " + i);
                }
            }
            return new Vocabulary(cps);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the vocabulary is not a JSON array of code points: " + e.getOriginalMessage(), e);
        }
    }

    /** Entropy (bits) of the symbols' frequencies in a text: the bits per character of the best context-free model. */
    public static double unigramBits(int[] symbols, int size) {
        long[] counts = new long[size];
        for (int s : symbols) {
            counts[s]++;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / symbols.length;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(v.codePoints, codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return size() + " symbols";
    }

    /** The first characters, for messages. */
    public List<String> preview() {
        return Arrays.stream(codePoints).limit(20).mapToObj(c -> new String(Character.toChars(c))).toList();
    }
}
