package org.dqmstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a DL4J stack of dense (and 2-D convolution) layers as a Keras 2 HDF5 model file (the layout Keras' model.save writes:
 * a model_config JSON attribute and the weights under model_weights/<layer>/<layer>/kernel:0 and bias:0),
 * as a Sequential or a functional model. There is no Keras or TensorFlow on these machines, so the test
 * fixtures are made with this and jhdf.
 */
public final class KerasFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasFiles() {
    }

    /** A stack of dense layers, taking rows of {@code net.layerInputSize(0)} values. */
    public static void write(Path file, MultiLayerNetwork net, boolean functional) {
        write(file, net, functional, new long[] {net.layerInputSize(0)});
    }

    /**
     * A stack of 2-D convolutions (channels-last, 'valid', stride 1) and dense layers, with a Flatten
     * before the first dense one, taking images of {@code inputShape} = {height, width, channels}.
     */
    public static void write(Path file, MultiLayerNetwork net, boolean functional, long[] inputShape) {
        ObjectNode config = JSON.createObjectNode();
        ArrayNode layers = config.putArray("layers");
        ObjectNode input = layers.addObject().put("class_name", "InputLayer");
        ObjectNode inputConfig = input.putObject("config").put("dtype", "float32").put("sparse", false)
                .put("ragged", false).put("name", "input_1");
        ArrayNode shape = inputConfig.putArray("batch_input_shape").addNull();
        for (long d : inputShape) {
            shape.add(d);
        }
        if (functional) {
            input.put("name", "input_1").putArray("inbound_nodes");
        }
        List<String> names = new ArrayList<>();
        String previous = "input_1";
        boolean flat = inputShape.length == 1;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            boolean convolution = layer.conf().getLayer() instanceof ConvolutionLayer;
            if (!convolution && !flat) {
                ObjectNode flatten = layers.addObject().put("class_name", "Flatten");
                flatten.putObject("config").put("name", "flatten").put("data_format", "channels_last");
                previous = connect(flatten, "flatten", previous, functional);
                flat = true;
            }
            String name = (convolution ? "conv_" : "dense_") + i;
            names.add(name);
            ObjectNode node = layers.addObject().put("class_name", convolution ? "Conv2D" : "Dense");
            ObjectNode c = node.putObject("config");
            c.putObject("kernel_initializer").put("class_name", "GlorotUniform").putObject("config").putNull("seed");
            c.putObject("bias_initializer").put("class_name", "Zeros").putObject("config");
            c.put("name", name).put("trainable", true).put("dtype", "float32")
                    .put("activation", activation(((BaseLayer) layer.conf().getLayer()).getActivationFn()))
                    .put("use_bias", true).putNull("kernel_regularizer").putNull("bias_regularizer")
                    .putNull("activity_regularizer").putNull("kernel_constraint").putNull("bias_constraint");
            if (convolution) {
                ConvolutionLayer conv = (ConvolutionLayer) layer.conf().getLayer();
                c.put("filters", conv.getNOut()).put("padding", "valid").put("data_format", "channels_last");
                c.putArray("kernel_size").add(conv.getKernelSize()[0]).add(conv.getKernelSize()[1]);
                c.putArray("strides").add(1).add(1);
                c.putArray("dilation_rate").add(1).add(1);
            } else {
                c.put("units", layer.getParam("b").length());
            }
            previous = connect(node, name, previous, functional);
        }
        ObjectNode model = JSON.createObjectNode().put("class_name", functional ? "Functional" : "Sequential");
        model.set("config", config.put("name", "autoencoder"));
        if (functional) {
            config.putArray("input_layers").addArray().add("input_1").add(0).add(0);
            config.putArray("output_layers").addArray().add(previous).add(0).add(0);
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("keras_version", "2.4.0");
            hdf.putAttribute("backend", "tensorflow");
            hdf.putAttribute("model_config", model.toString());
            WritableGroup weights = hdf.putGroup("model_weights");
            weights.putAttribute("layer_names", names.toArray(String[]::new));
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                WritableGroup group = weights.putGroup(name);
                group.putAttribute("weight_names", new String[] {name + "/kernel:0", name + "/bias:0"});
                WritableGroup values = group.putGroup(name);
                INDArray w = net.getLayer(i).getParam("W");
                // DL4J keeps convolution kernels [out, in, kh, kw]; Keras [kh, kw, in, out].
                values.putDataset("kernel:0", w.rank() == 4 ? kernel4(w.permute(2, 3, 1, 0).dup('c'))
                        : w.toFloatMatrix());
                values.putDataset("bias:0", net.getLayer(i).getParam("b").toFloatVector());
            }
        }
    }

    private static String connect(ObjectNode node, String name, String previous, boolean functional) {
        if (functional) {
            node.put("name", name).putArray("inbound_nodes").addArray().addArray().add(previous).add(0).add(0)
                    .addObject();
        }
        return name;
    }

    private static float[][][][] kernel4(INDArray k) {
        long[] s = k.shape();
        float[][][][] out = new float[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int a = 0; a < s[0]; a++) {
            for (int b = 0; b < s[1]; b++) {
                for (int c = 0; c < s[2]; c++) {
                    for (int d = 0; d < s[3]; d++) {
                        out[a][b][c][d] = k.getFloat(a, b, c, d);
                    }
                }
            }
        }
        return out;
    }

    private static String activation(IActivation a) {
        if (a instanceof ActivationTanH) {
            return "tanh";
        }
        if (a instanceof ActivationSigmoid) {
            return "sigmoid";
        }
        if (a instanceof ActivationIdentity) {
            return "linear";
        }
        if (a instanceof ActivationReLU) {
            return "relu";
        }
        if (a instanceof ActivationSoftmax) {
            return "softmax";
        }
        throw new IllegalArgumentException("no Keras name for " + a);
    }
}
