package org.dqmstream.model;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolutional graph (convolutions, separable convolutions, max pooling, channel merges, dense layers)
 * run as im2col plus one OpenBLAS SGEMM per convolution. Activations are kept per record with channels
 * last, so each multiply writes its output in the layout the next layer reads and a channel merge copies
 * contiguous runs. {@code ComputationGraph.output} ran the NOvA CNN at about 2% of the
 * matrix-multiply ceiling on 2 cores of an AMD EPYC VM ({@code bench --images nova}).
 *
 * <p>Input rows are channels first, as DL4J takes them. The weights are a snapshot taken at construction.
 */
final class ConvolutionalInference implements BatchInference {
    /** Records computed together: bounds the per-thread activations (about 32 MB for the NOvA CNN at 8). */
    static final int CHUNK = 8;
    /**
     * Output positions per SGEMM: the im2col rows of a block are multiplied while still in cache. On the
     * NOvA CNN's shapes OpenBLAS ran at 58-68 GFLOP/s per core with blocks of 500-2000 rows and 49-56 with
     * all 16,000 positions of a chunk in one multiply.
     */
    static final int BLOCK_POSITIONS = 1024;
    /**
     * Per thread, shared by every network as the SGEMM operands are: activation arrays by slot, for
     * {@link #CHUNK} records, grown to the largest need.
     */
    private static final ThreadLocal<float[][][]> ACTIVATIONS = ThreadLocal.withInitial(() -> new float[1][0][]);

    /** A record's activation at one vertex, channels last; a dense layer's is 1 x 1 x outputs. */
    record Shape(int height, int width, int channels) {
        int size() {
            return height * width * channels;
        }
    }

    /** One compiled vertex: reads its inputs' slots, writes its own. */
    private interface Step {
        void run(float[][] slots, int records);

        int out();
    }

    private final Shape input;
    private final List<Step> steps;
    private final int[] slotSizes;
    /**
     * Where the dense layers at the end start, and the slot they read. They run once per call, not per
     * chunk: a dense layer on a flattened image reads all its weights (16 MB for the NOvA CNN) per multiply.
     */
    private final int headStart;
    private final int headInput;

    private ConvolutionalInference(Shape input, List<Step> steps, int[] slotSizes) {
        this.input = input;
        this.steps = steps;
        this.slotSizes = slotSizes;
        // The head: the longest chain at the end of dense layers each reading the step before it.
        int start = steps.size();
        while (start > 1 && steps.get(start - 1) instanceof Convolution c && c.inShape().height() == 1
                && c.inShape().width() == 1 && c.in() == steps.get(start - 2).out()) {
            start--;
        }
        this.headStart = start;
        this.headInput = steps.get(start - 1).out();
    }

    /** Whether every vertex is one this class computes, for inputs of the given channels-first shape. */
    static boolean covers(ComputationGraph graph, int channels, int height, int width) {
        try {
            new Compiler(graph).compile(new Shape(height, width, channels));
            return true;
        } catch (IllegalArgumentException unsupported) {
            return false;
        }
    }

    /** Compiles a graph with one input of the given channels-first shape and one output. */
    static ConvolutionalInference of(ComputationGraph graph, int channels, int height, int width) {
        return new Compiler(graph).compile(new Shape(height, width, channels));
    }

    @Override
    public float[] output(float[] rows, int records) {
        int in = input.size();
        if (rows.length != (long) records * in) {
            throw new IllegalArgumentException(rows.length + " values are not " + records + " records of " + input);
        }
        float[][] chunk = chunkActivations();
        float[][] head = new float[slotSizes.length][];
        for (Step step : steps.subList(headStart - 1, steps.size())) {
            head[step.out()] = new float[records * slotSizes[step.out()]];
        }
        int headInputSize = slotSizes[headInput];
        for (int from = 0; from < records; from += CHUNK) {
            int n = Math.min(CHUNK, records - from);
            System.arraycopy(rows, from * in, chunk[0], 0, n * in);
            for (Step step : steps.subList(0, headStart)) {
                step.run(chunk, n);
            }
            System.arraycopy(chunk[headInput], 0, head[headInput], from * headInputSize, n * headInputSize);
        }
        for (Step step : steps.subList(headStart, steps.size())) {
            step.run(head, records);
        }
        return head[steps.get(steps.size() - 1).out()];
    }

    private float[][] chunkActivations() {
        float[][][] holder = ACTIVATIONS.get();
        if (holder[0].length < slotSizes.length) {
            holder[0] = Arrays.copyOf(holder[0], slotSizes.length);
        }
        float[][] chunk = holder[0];
        for (int slot = 0; slot < slotSizes.length; slot++) {
            if (chunk[slot] == null || chunk[slot].length < CHUNK * slotSizes[slot]) {
                chunk[slot] = new float[CHUNK * slotSizes[slot]];
            }
        }
        return chunk;
    }

    /** Channels-first records to channels last. */
    private record ChannelsLast(int in, int out, Shape shape) implements Step {
        @Override
        public void run(float[][] slots, int records) {
            float[] src = slots[in];
            float[] dst = slots[out];
            int plane = shape.height() * shape.width();
            int c = shape.channels();
            for (int r = 0; r < records; r++) {
                int base = r * shape.size();
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < plane; p++) {
                        dst[base + p * c + ch] = src[base + ch * plane + p];
                    }
                }
            }
        }
    }

    /** Where a window starts and how many outputs a dimension has, as DL4J's convolution modes define them. */
    private record Window(int size, int stride, int padBefore, int outputs) {
        static Window of(ConvolutionMode mode, int input, int size, int stride, int padding) {
            if (mode == ConvolutionMode.Same) {
                int outputs = (input + stride - 1) / stride;
                return new Window(size, stride, Math.max(0, (outputs - 1) * stride + size - input) / 2, outputs);
            }
            if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
                return new Window(size, stride, padding, (input + 2 * padding - size) / stride + 1);
            }
            throw new IllegalArgumentException("convolution mode " + mode);
        }

        /** The first output whose input at window offset {@code offset} lies at or after 0. */
        int firstOutput(int offset) {
            return Math.max(0, Math.floorDiv(padBefore - offset + stride - 1, stride));
        }

        /** One past the last output whose input at window offset {@code offset} lies before {@code input}. */
        int endOutput(int offset, int input) {
            return Math.max(firstOutput(offset),
                    Math.min(outputs, Math.floorDiv(input - 1 + padBefore - offset, stride) + 1));
        }

        /** First window offset whose input position, for output {@code o}, lies at or after 0. */
        int firstInside(int o) {
            return Math.max(0, padBefore - o * stride);
        }

        /** One past the last window offset whose input position, for output {@code o}, lies before {@code input}. */
        int endInside(int o, int input) {
            return Math.min(size, input + padBefore - o * stride);
        }

        int inputAt(int o, int offset) {
            return o * stride + offset - padBefore;
        }
    }

    /**
     * A convolution (or a dense layer, as a 1x1 convolution over a 1x1 image): the windows of each output
     * position laid out as one row (im2col), times the {@code (kh*kw*in) x out} weights.
     */
    private record Convolution(int in, int out, Shape inShape, Shape outShape, Window rows, Window columns,
                               FloatPointer weights, float[] biasRows, Activation activation, float[] zeros)
            implements Step {
        Convolution(int in, int out, Shape inShape, Shape outShape, Window rows, Window columns, FloatPointer weights,
                    float[] bias, Activation activation) {
            this(in, out, inShape, outShape, rows, columns, weights, Gemm.biasRows(bias), activation,
                    new float[columns.size() * inShape.channels()]);
        }

        boolean pointwise() {
            return rows.size() == 1 && columns.size() == 1 && rows.stride() == 1 && columns.stride() == 1
                    && rows.padBefore() == 0 && columns.padBefore() == 0;
        }

        @Override
        public void run(float[][] slots, int records) {
            int depth = rows.size() * columns.size() * inShape.channels();
            int positions = records * outShape.height() * outShape.width();
            Gemm gemm = Gemm.ofThread();
            for (int first = 0; first < positions; first += BLOCK_POSITIONS) {
                int count = Math.min(BLOCK_POSITIONS, positions - first);
                FloatBuffer left = gemm.left((long) count * depth);
                if (pointwise()) {
                    left.put(0, slots[in], first * depth, count * depth);
                } else {
                    im2col(slots[in], left, first, count, depth);
                }
                gemm.multiply(count, outShape.channels(), depth, weights, biasRows, slots[out],
                        first * outShape.channels());
            }
            Activations.apply(activation, slots[out], records * outShape.size());
        }

        /** The windows of positions {@code first} to {@code first + count} (over all records) as rows. */
        private void im2col(float[] src, FloatBuffer left, int first, int count, int depth) {
            int c = inShape.channels();
            int kw = columns.size();
            int perRecord = outShape.height() * outShape.width();
            for (int p = first, row = 0; p < first + count; p++, row += depth) {
                int base = p / perRecord * inShape.size();
                int y = p % perRecord / outShape.width();
                int x = p % outShape.width();
                int x0 = columns.firstInside(x);
                int x1 = Math.max(x0, columns.endInside(x, inShape.width()));
                for (int ky = 0; ky < rows.size(); ky++) {
                    int dst = row + ky * kw * c;
                    int iy = rows.inputAt(y, ky);
                    if (iy < 0 || iy >= inShape.height() || x1 == x0) {
                        left.put(dst, zeros, 0, kw * c);
                        continue;
                    }
                    left.put(dst, zeros, 0, x0 * c);
                    left.put(dst + x0 * c, src, base + (iy * inShape.width() + columns.inputAt(x, x0)) * c,
                            (x1 - x0) * c);
                    left.put(dst + x1 * c, zeros, 0, (kw - x1) * c);
                }
            }
        }
    }

    /** How the inputs under one window offset, gathered into a row, fold into an output row over [from, to). */
    private interface OffsetFold {
        void fold(float[] outputRow, float[] gathered, int from, int to, int offset);
    }

    /**
     * Computes a windowed step output row by output row, padding taking no part: per window offset, the
     * inputs under it are gathered into one row, so that the folding loop's arrays share one index, which
     * the JIT vectorizes (with the input read at another offset it does not, and ran 3x slower).
     */
    private static void byOutputRow(float[] src, float[] dst, int records, Shape inShape, Shape outShape, Window rows,
                                    Window columns, float initial, OffsetFold fold) {
        int c = inShape.channels();
        int rowValues = outShape.width() * c;
        float[] gathered = new float[rowValues];
        float[] outputRow = new float[rowValues];
        for (int r = 0; r < records; r++) {
            for (int y = 0; y < outShape.height(); y++) {
                Arrays.fill(outputRow, initial);
                for (int ky = 0; ky < rows.size(); ky++) {
                    int iy = rows.inputAt(y, ky);
                    if (iy < 0 || iy >= inShape.height()) {
                        continue;
                    }
                    int rowStart = r * inShape.size() + iy * inShape.width() * c;
                    for (int kx = 0; kx < columns.size(); kx++) {
                        int first = columns.firstOutput(kx);
                        int end = columns.endOutput(kx, inShape.width());
                        if (columns.stride() == 1) {
                            System.arraycopy(src, rowStart + columns.inputAt(first, kx) * c, gathered, first * c,
                                    (end - first) * c);
                        } else {
                            for (int x = first; x < end; x++) {
                                System.arraycopy(src, rowStart + columns.inputAt(x, kx) * c, gathered, x * c, c);
                            }
                        }
                        fold.fold(outputRow, gathered, first * c, end * c, ky * columns.size() + kx);
                    }
                }
                System.arraycopy(outputRow, 0, dst, r * outShape.size() + y * rowValues, rowValues);
            }
        }
    }

    /**
     * The depthwise half of a separable convolution, one filter per channel: per window offset, the inputs
     * times the offset's weights, repeated for every position of an output row.
     */
    private record Depthwise(int in, int out, Shape inShape, Shape outShape, Window rows, Window columns,
                             float[][] weightRows) implements Step {
        @Override
        public void run(float[][] slots, int records) {
            byOutputRow(slots[in], slots[out], records, inShape, outShape, rows, columns, 0f,
                    (sum, inputs, from, to, offset) -> {
                        float[] w = weightRows[offset];
                        for (int i = from; i < to; i++) {
                            sum[i] += inputs[i] * w[i];
                        }
                    });
        }
    }

    private record MaxPool(int in, int out, Shape inShape, Shape outShape, Window rows, Window columns)
            implements Step {
        @Override
        public void run(float[][] slots, int records) {
            byOutputRow(slots[in], slots[out], records, inShape, outShape, rows, columns, Float.NEGATIVE_INFINITY,
                    (max, inputs, from, to, offset) -> {
                        for (int i = from; i < to; i++) {
                            max[i] = Math.max(max[i], inputs[i]);
                        }
                    });
        }
    }

    /** Channels of several same-sized inputs side by side, in the merge's input order. */
    private record Merge(int[] ins, Shape[] inShapes, int out, Shape outShape) implements Step {
        @Override
        public void run(float[][] slots, int records) {
            float[] dst = slots[out];
            int positions = records * outShape.height() * outShape.width();
            int offset = 0;
            for (int k = 0; k < ins.length; k++) {
                float[] src = slots[ins[k]];
                int c = inShapes[k].channels();
                for (int p = 0; p < positions; p++) {
                    System.arraycopy(src, p * c, dst, p * outShape.channels() + offset, c);
                }
                offset += c;
            }
        }
    }

    /** Walks the graph's vertices in topological order, giving each a slot and a step. */
    private static final class Compiler {
        private final ComputationGraph graph;
        private final ComputationGraphConfiguration conf;
        private final List<Step> steps = new ArrayList<>();
        private final List<Integer> slotSizes = new ArrayList<>();
        private final Map<String, Integer> slotOf = new HashMap<>();
        private final Map<String, Shape> shapeOf = new HashMap<>();

        Compiler(ComputationGraph graph) {
            this.graph = graph;
            this.conf = graph.getConfiguration();
        }

        ConvolutionalInference compile(Shape input) {
            if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
                throw new IllegalArgumentException("needs one input and one output, has " + conf.getNetworkInputs()
                        + " and " + conf.getNetworkOutputs());
            }
            String inputName = conf.getNetworkInputs().get(0);
            int raw = slot(input);
            int channelsLast = slot(input);
            steps.add(new ChannelsLast(raw, channelsLast, input));
            slotOf.put(inputName, channelsLast);
            shapeOf.put(inputName, input);
            for (String name : conf.getTopologicalOrderStr()) {
                if (!name.equals(inputName)) {
                    add(name, conf.getVertices().get(name), conf.getVertexInputs().get(name));
                }
            }
            String output = conf.getNetworkOutputs().get(0);
            if (slotOf.get(output) != slotSizes.size() - 1) {
                throw new IllegalArgumentException("the output " + output + " is not the last vertex computed");
            }
            return new ConvolutionalInference(input, List.copyOf(steps),
                    slotSizes.stream().mapToInt(Integer::intValue).toArray());
        }

        private int slot(Shape shape) {
            slotSizes.add(shape.size());
            return slotSizes.size() - 1;
        }

        private void add(String name, GraphVertex vertex, List<String> inputs) {
            if (vertex instanceof MergeVertex) {
                addMerge(name, inputs);
                return;
            }
            if (!(vertex instanceof LayerVertex layerVertex) || inputs.size() != 1) {
                throw new IllegalArgumentException(name + ": vertex " + vertex);
            }
            var layer = layerVertex.getLayerConf().getLayer();
            int in = slotOf.get(inputs.get(0));
            Shape inShape = shapeOf.get(inputs.get(0));
            InputPreProcessor pre = layerVertex.getPreProcessor();
            Shape outShape;
            int out;
            // Exact classes: subclasses (depthwise, 1-D, deconvolution...) compute something else.
            if (layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class) {
                INDArray w = dlParam(name, DefaultParamInitializer.WEIGHT_KEY);
                w = flattenedInChannelsLastOrder(name, w, inShape, pre);
                outShape = new Shape(1, 1, (int) w.columns());
                out = slot(outShape);
                Window one = new Window(1, 1, 0, 1);
                steps.add(new Convolution(in, out, new Shape(1, 1, inShape.size()), outShape, one, one,
                        Gemm.rightOperand(w), bias(name, (BaseLayer) layer, (int) w.columns()),
                        activation(name, (BaseLayer) layer)));
            } else {
                if (pre != null) {
                    throw new IllegalArgumentException(name + ": preprocessor " + pre);
                }
                if (layer.getClass() == SeparableConvolution2D.class) {
                    outShape = addSeparable(name, (SeparableConvolution2D) layer, in, inShape);
                } else if (layer.getClass() == ConvolutionLayer.class) {
                    outShape = addConvolution(name, (ConvolutionLayer) layer, in, inShape);
                } else if (layer.getClass() == SubsamplingLayer.class) {
                    outShape = addMaxPool(name, (SubsamplingLayer) layer, in, inShape);
                } else {
                    throw new IllegalArgumentException(name + ": layer " + layer);
                }
                out = slotSizes.size() - 1;
            }
            slotOf.put(name, out);
            shapeOf.put(name, outShape);
        }

        private Shape addConvolution(String name, ConvolutionLayer c, int in, Shape inShape) {
            requireChannelsFirstUndilated(name, c.getCnn2dDataFormat(), c.getDilation());
            Window rows = Window.of(c.getConvolutionMode(), inShape.height(), c.getKernelSize()[0], c.getStride()[0],
                    c.getPadding()[0]);
            Window columns = Window.of(c.getConvolutionMode(), inShape.width(), c.getKernelSize()[1],
                    c.getStride()[1], c.getPadding()[1]);
            int filters = (int) c.getNOut();
            Shape outShape = new Shape(rows.outputs(), columns.outputs(), filters);
            int out = slot(outShape);
            // DL4J's [out, in, kh, kw] as the (kh*kw*in) x out matrix that im2col rows multiply.
            INDArray w = dlParam(name, ConvolutionParamInitializer.WEIGHT_KEY).permute(2, 3, 1, 0);
            steps.add(new Convolution(in, out, inShape, outShape, rows, columns,
                    Gemm.rightOperand(w.dup('c').reshape('c', w.size(0) * w.size(1) * w.size(2), filters)),
                    c.hasBias() ? bias(name, c, filters) : new float[filters], activation(name, c)));
            return outShape;
        }

        private Shape addSeparable(String name, SeparableConvolution2D c, int in, Shape inShape) {
            requireChannelsFirstUndilated(name, c.getCnn2dDataFormat(), c.getDilation());
            if (c.getDepthMultiplier() != 1 || c.getStride()[0] != 1 || c.getStride()[1] != 1) {
                throw new IllegalArgumentException(name + ": depth multiplier " + c.getDepthMultiplier() + ", stride "
                        + Arrays.toString(c.getStride()) + " (1 and 1 computed here)");
            }
            Window rows = Window.of(c.getConvolutionMode(), inShape.height(), c.getKernelSize()[0], 1,
                    c.getPadding()[0]);
            Window columns = Window.of(c.getConvolutionMode(), inShape.width(), c.getKernelSize()[1], 1,
                    c.getPadding()[1]);
            Shape depthwiseShape = new Shape(rows.outputs(), columns.outputs(), inShape.channels());
            int depthwise = slot(depthwiseShape);
            // DL4J's depthwise weights are [multiplier, in, kh, kw]: one row of weights per window offset,
            // repeated for every position of an output row.
            INDArray dw = dlParam(name, SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY);
            float[][] weightRows = new float[rows.size() * columns.size()][depthwiseShape.width()
                    * inShape.channels()];
            for (int ky = 0; ky < rows.size(); ky++) {
                for (int kx = 0; kx < columns.size(); kx++) {
                    float[] w = weightRows[ky * columns.size() + kx];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = dw.getFloat(0, i % inShape.channels(), ky, kx);
                    }
                }
            }
            steps.add(new Depthwise(in, depthwise, inShape, depthwiseShape, rows, columns, weightRows));
            int filters = (int) c.getNOut();
            Shape outShape = new Shape(depthwiseShape.height(), depthwiseShape.width(), filters);
            int out = slot(outShape);
            INDArray pw = dlParam(name, SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY);
            Window one = new Window(1, 1, 0, 1);
            steps.add(new Convolution(depthwise, out, depthwiseShape, outShape, one, one,
                    Gemm.rightOperand(pw.reshape(pw.size(0), pw.size(1)).transpose()),
                    c.hasBias() ? bias(name, c, filters) : new float[filters], activation(name, c)));
            return outShape;
        }

        private Shape addMaxPool(String name, SubsamplingLayer pool, int in, Shape inShape) {
            requireChannelsFirstUndilated(name, pool.getCnn2dDataFormat(), pool.getDilation());
            if (pool.getPoolingType() != PoolingType.MAX) {
                throw new IllegalArgumentException(name + ": pooling " + pool.getPoolingType());
            }
            Window rows = Window.of(pool.getConvolutionMode(), inShape.height(), pool.getKernelSize()[0],
                    pool.getStride()[0], pool.getPadding()[0]);
            Window columns = Window.of(pool.getConvolutionMode(), inShape.width(), pool.getKernelSize()[1],
                    pool.getStride()[1], pool.getPadding()[1]);
            Shape outShape = new Shape(rows.outputs(), columns.outputs(), inShape.channels());
            steps.add(new MaxPool(in, slot(outShape), inShape, outShape, rows, columns));
            return outShape;
        }

        private void addMerge(String name, List<String> inputs) {
            Shape[] shapes = inputs.stream().map(shapeOf::get).toArray(Shape[]::new);
            for (Shape s : shapes) {
                if (s.height() != shapes[0].height() || s.width() != shapes[0].width()) {
                    throw new IllegalArgumentException(name + ": merges " + Arrays.toString(shapes));
                }
            }
            Shape outShape = new Shape(shapes[0].height(), shapes[0].width(),
                    Arrays.stream(shapes).mapToInt(Shape::channels).sum());
            int out = slot(outShape);
            steps.add(new Merge(inputs.stream().mapToInt(slotOf::get).toArray(), shapes, out, outShape));
            slotOf.put(name, out);
            shapeOf.put(name, outShape);
        }

        /**
         * A dense layer's weights with their rows in the order this class flattens activations (position,
         * then channel); DL4J flattens channels-first images channel by channel.
         */
        private static INDArray flattenedInChannelsLastOrder(String name, INDArray w, Shape inShape,
                                                             InputPreProcessor pre) {
            if (inShape.height() == 1 && inShape.width() == 1 && pre == null) {
                return w;
            }
            if (!(pre instanceof CnnToFeedForwardPreProcessor flatten) || flatten.getFormat() != CNN2DFormat.NCHW
                    || w.rows() != inShape.size()) {
                throw new IllegalArgumentException(name + ": dense layer on " + inShape + " through " + pre);
            }
            return w.dup('c').reshape('c', inShape.channels(), inShape.height(), inShape.width(), w.columns())
                    .permute(1, 2, 0, 3).dup('c').reshape('c', inShape.size(), w.columns());
        }

        private static void requireChannelsFirstUndilated(String name, CNN2DFormat format, int[] dilation) {
            if (format != CNN2DFormat.NCHW || dilation[0] != 1 || dilation[1] != 1) {
                throw new IllegalArgumentException(name + ": format " + format + ", dilation "
                        + Arrays.toString(dilation));
            }
        }

        private INDArray dlParam(String name, String key) {
            INDArray p = graph.getLayer(name).getParam(key);
            if (p == null) {
                throw new IllegalArgumentException(name + ": no parameter " + key);
            }
            return p.castTo(DataType.FLOAT);
        }

        private float[] bias(String name, BaseLayer layer, int outputs) {
            float[] b = dlParam(name, DefaultParamInitializer.BIAS_KEY).dup('c').data().asFloat();
            if (b.length != outputs) {
                throw new IllegalArgumentException(name + ": " + b.length + " biases for " + outputs + " outputs of "
                        + layer);
            }
            return b;
        }

        private static Activation activation(String name, BaseLayer layer) {
            Activation a = Activations.of(layer.getActivationFn());
            if (a == null) {
                throw new IllegalArgumentException(name + ": activation " + layer.getActivationFn());
            }
            return a;
        }
    }
}
