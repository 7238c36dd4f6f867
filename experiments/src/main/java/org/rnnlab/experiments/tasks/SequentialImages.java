package org.rnnlab.experiments.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.SoftmaxCrossEntropy;
import org.rnnlab.api.seq.SequenceMode;
import org.rnnlab.experiments.data.DataDigest;
import org.rnnlab.experiments.data.DataFileException;
import org.rnnlab.experiments.data.IdxFile;
import org.rnnlab.optimizers.Settings;
import org.rnnlab.optimizers.training.Batch;
import org.rnnlab.optimizers.training.Dataset;

/**
 * Sequential image classification on MNIST-format files (MNIST, Fashion-MNIST, any IDX folder): an image read as a
 * sequence, one class per image. Variants: {@code row} (one row of pixels per step: 28 steps of 28), {@code pixel}
 * (one pixel per step: 784 steps, Le, Jaitly and Hinton 2015) and {@code permuted} (pixels in one fixed, seeded random
 * order, which spreads the dependencies over the whole sequence). Pixel variants take the ladder's length as the number
 * of steps: 784, or 196, 49, 16, … for images averaged over 2 × 2, 4 × 4, 7 × 7 … blocks. Pixels are scaled to [0, 1].
 *
 * <p>Splits: the training file without its last {@code budget.validation} images (training), those images
 * (validation), the test file (test, evaluated once at the end). Files are {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each gzipped
 * ({@code .gz}) or not, read once per JVM and held once.
 */
public final class SequentialImages implements Task {
    /** Where Debian's package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

    /** How an image becomes a sequence. */
    public enum Variant {
        /** A row of pixels per step. */
        ROW,
        /** A pixel per step, in reading order. */
        PIXEL,
        /** A pixel per step, in a fixed random order. */
        PERMUTED
    }

    private final String name;
    private final Variant variant;
    private final IdxFile trainImages;
    private final IdxFile trainLabels;
    private final IdxFile testImages;
    private final IdxFile testLabels;
    private final int classes;
    private final long permutationSeed;
    private final String digest;

    private SequentialImages(String name, Variant variant, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages,
                             IdxFile testLabels, int classes, long permutationSeed) {
        this.name = name;
        this.variant = variant;
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
        this.classes = classes;
        this.permutationSeed = permutationSeed;
        DataDigest d = new DataDigest();
        for (IdxFile f : new IdxFile[] {trainImages, trainLabels, testImages, testLabels}) {
            d.add(f.dims()).add(f.data());
        }
        this.digest = d.hex();
    }

    /**
     * The task from its settings: {@code data_dir} (default {@code defaultDir}), {@code variant} ({@code row},
     * {@code pixel}, {@code permuted}; default {@code row}), {@code permutation_seed} (default 0). Reads and checks the
     * four files.
     *
     * @throws IllegalArgumentException naming a missing or bad file, or a bad setting
     */
    public static SequentialImages create(String name, Settings s, String defaultDir) {
        String dir = s.text("data_dir", defaultDir);
        String v = s.text("variant", "row").trim().toUpperCase(java.util.Locale.ROOT);
        long seed = (long) s.number("permutation_seed", 0);
        s.finish();
        Variant variant;
        try {
            variant = Variant.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task '" + name + "': 'variant' must be row, pixel or permuted, got '" + v.toLowerCase(
                    java.util.Locale.ROOT) + "'");
        }
        Path folder = Path.of(dir);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("task '" + name + "': 'data_dir' " + folder + " is not a folder"
                    + (defaultDir.equals(dir) && dir.equals(FASHION_MNIST_DIR) ? " (on Debian: apt-get install dataset-fashion-mnist)"
                    : "; give the folder of the four MNIST-format files (train-images-idx3-ubyte[.gz], …)"));
        }
        try {
            IdxFile trI = IdxFile.read(find(folder, "train-images-idx3-ubyte"));
            IdxFile trL = IdxFile.read(find(folder, "train-labels-idx1-ubyte"));
            IdxFile teI = IdxFile.read(find(folder, "t10k-images-idx3-ubyte"));
            IdxFile teL = IdxFile.read(find(folder, "t10k-labels-idx1-ubyte"));
            checkImages(trI, trL);
            checkImages(teI, teL);
            if (trI.dims()[1] != teI.dims()[1] || trI.dims()[2] != teI.dims()[2]) {
                throw new DataFileException(teI.file() + ": images of " + teI.dims()[1] + " × " + teI.dims()[2] + ", but the training "
                        + "images are " + trI.dims()[1] + " × " + trI.dims()[2]);
            }
            int classes = Math.max(maxLabel(trL), maxLabel(teL)) + 1;
            return new SequentialImages(name, variant, trI, trL, teI, teL, classes, seed);
        } catch (IOException e) {
            throw new IllegalArgumentException("task '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Path find(Path folder, String base) throws DataFileException {
        for (String candidate : List.of(base + ".gz", base, base.replace("-idx", ".idx") + ".gz", base.replace("-idx", ".idx"))) {
            Path p = folder.resolve(candidate);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new DataFileException(folder + ": no " + base + "[.gz]; an MNIST-format folder holds train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each gzipped or not");
    }

    private static void checkImages(IdxFile images, IdxFile labels) throws DataFileException {
        if (images.dims().length != 3) {
            throw new DataFileException(images.file() + ": " + images.dims().length + " dimensions; images are [count, rows, columns]");
        }
        if (images.dims()[1] != images.dims()[2]) {
            throw new DataFileException(images.file() + ": images of " + images.dims()[1] + " × " + images.dims()[2] + "; sequential "
                    + "image tasks take square images");
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new DataFileException(labels.file() + ": " + java.util.Arrays.toString(labels.dims()) + " labels for " + images.count()
                    + " images in " + images.file());
        }
        int max = maxLabel(labels);
        if (max > 255) {
            throw new DataFileException(labels.file() + ": labels are bytes");
        }
    }

    private static int maxLabel(IdxFile labels) {
        int m = 0;
        for (byte b : labels.data()) {
            m = Math.max(m, b & 0xff);
        }
        return m;
    }

    private int side() {
        return trainImages.dims()[1];
    }

    @Override
    public String name() {
        return name;
    }

    /** SHA-256 of the four files' shapes and values. */
    @Override
    public String dataDigest() {
        return digest;
    }

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToOne();
    }

    @Override
    public int inputSize() {
        return variant == Variant.ROW ? side() : 1;
    }

    @Override
    public int outputSize() {
        return classes;
    }

    @Override
    public Loss loss() {
        return new SoftmaxCrossEntropy();
    }

    @Override
    public Metric metric() {
        return Metric.ACCURACY;
    }

    /** Cross-entropy of the uniform prediction: ln(classes). */
    @Override
    public double baselineLoss(int length) {
        return Math.log(classes);
    }

    /** The lengths this variant can make: the side for rows; (side / k)² for every k dividing the side, for pixels. */
    public List<Integer> lengths() {
        List<Integer> out = new ArrayList<>();
        if (variant == Variant.ROW) {
            out.add(side());
            return out;
        }
        for (int k = 1; k <= side(); k++) {
            if (side() % k == 0) {
                out.add((side() / k) * (side() / k));
            }
        }
        return out;
    }

    @Override
    public void checkLength(int length) {
        if (!lengths().contains(length)) {
            throw new IllegalArgumentException("the " + variant.name().toLowerCase(java.util.Locale.ROOT) + " variant of " + side() + " × "
                    + side() + " images makes sequences of " + lengths() + " steps, not " + length);
        }
    }

    @Override
    public Splits splits(int length, DataRequest r) {
        checkLength(length);
        int held = Math.min(r.validationExamples(), trainImages.count() - 1);
        int train = trainImages.count() - held;
        int k = variant == Variant.ROW ? 1 : side() / (int) Math.round(Math.sqrt(length));
        int[] order = order(length);
        return new Splits(new Images(trainImages, trainLabels, 0, train, k, order, r.precision()),
                new Images(trainImages, trainLabels, train, held, k, order, r.precision()),
                new Images(testImages, testLabels, 0, testImages.count(), k, order, r.precision()));
    }

    /** The order pixels are read in at a length: reading order, or one seeded permutation (the same for every split). */
    private int[] order(int length) {
        int n = variant == Variant.ROW ? side() * side() : length;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        if (variant == Variant.PERMUTED) {
            SplittableRandom rnd = new SplittableRandom(permutationSeed);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }
        return p;
    }

    /** A split: images [from, from + count) of a file, as sequences, read from the bytes held once. */
    private final class Images implements Dataset {
        private final IdxFile images;
        private final IdxFile labels;
        private final int from;
        private final int count;
        private final int block;
        private final int[] order;
        private final Precision precision;

        Images(IdxFile images, IdxFile labels, int from, int count, int block, int[] order, Precision precision) {
            this.images = images;
            this.labels = labels;
            this.from = from;
            this.count = count;
            this.block = block;
            this.order = order;
            this.precision = precision;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Batch batch(int[] indices) {
            int n = indices.length;
            int side = side();
            int small = side / block;
            int steps = variant == Variant.ROW ? side : small * small;
            int x = inputSize();
            Tensor input = Tensor.zeros(precision, steps, n, x);
            Tensor target = Tensor.zeros(precision, n);
            byte[] px = images.data();
            double scale = 1.0 / (255.0 * block * block);
            for (int b = 0; b < n; b++) {
                int img = from + indices[b];
                if (indices[b] < 0 || indices[b] >= count) {
                    throw new IndexOutOfBoundsException("example " + indices[b] + " of a split of " + count);
                }
                int base = img * side * side;
                if (variant == Variant.ROW) {
                    for (int t = 0; t < side; t++) {
                        for (int c = 0; c < side; c++) {
                            input.set((t * n + b) * x + c, (px[base + t * side + c] & 0xff) / 255.0);
                        }
                    }
                } else {
                    for (int t = 0; t < steps; t++) {
                        int cell = order[t];
                        int r0 = (cell / small) * block;
                        int c0 = (cell % small) * block;
                        int sum = 0;
                        for (int dr = 0; dr < block; dr++) {
                            for (int dc = 0; dc < block; dc++) {
                                sum += px[base + (r0 + dr) * side + c0 + dc] & 0xff;
                            }
                        }
                        input.set(t * n + b, sum * scale);
                    }
                }
                target.set(b, labels.data()[img] & 0xff);
            }
            return new Batch(input, target, null, null, null);
        }
    }

}
