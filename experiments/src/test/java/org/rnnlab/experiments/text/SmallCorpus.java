package org.rnnlab.experiments.text;

import java.util.SplittableRandom;

/** Texts for tests of character models. */
public final class SmallCorpus {
    private SmallCorpus() {
    }

    /**
     * {@code n} sentences of a small grammar (subject, verb, object drawn at random): a structure a model learns in a
     * few hundred steps and a unigram model cannot see. 21 distinct characters.
     */
    public static String sentences(int n, long seed) {
        String[] subjects = {"the cat", "a dog", "my bird"};
        String[] verbs = {" sat on ", " ran to ", " looked at "};
        String[] objects = {"the mat", "a tree", "the house"};
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(subjects[r.nextInt(3)]).append(verbs[r.nextInt(3)]).append(objects[r.nextInt(3)]).append(".\n");
        }
        return b.toString();
    }
}
