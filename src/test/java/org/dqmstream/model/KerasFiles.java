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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * Writes a DL4J stack of dense layers as a Keras 2 HDF5 model file (the layout Keras' model.save writes:
 * a model_config JSON attribute and the weights under model_weights/<layer>/<layer>/kernel:0 and bias:0),
 * as a Sequential or a functional model. There is no Keras or TensorFlow on these machines, so the test
 * fixtures are made with this and jhdf.
 */
public final class KerasFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasFiles() {
    }

    public static void write(Path file, MultiLayerNetwork net, boolean functional) {
        int inputs = (int) net.layerInputSize(0);
        ObjectNode config = JSON.createObjectNode();
        ArrayNode layers = config.putArray("layers");
        ObjectNode input = layers.addObject().put("class_name", "InputLayer");
        ObjectNode inputConfig = input.putObject("config").put("dtype", "float32").put("sparse", false)
                .put("ragged", false).put("name", "input_1");
        inputConfig.putArray("batch_input_shape").addNull().add(inputs);
        if (functional) {
            input.put("name", "input_1").putArray("inbound_nodes");
        }
        List<String> names = new ArrayList<>();
        String previous = "input_1";
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            String name = "dense_" + i;
            names.add(name);
            ObjectNode dense = layers.addObject().put("class_name", "Dense");
            ObjectNode denseConfig = dense.putObject("config");
            denseConfig.putObject("kernel_initializer").put("class_name", "GlorotUniform").putObject("config")
                    .putNull("seed");
            denseConfig.putObject("bias_initializer").put("class_name", "Zeros").putObject("config");
            denseConfig.put("name", name).put("trainable", true).put("dtype", "float32")
                    .put("units", layer.getParam("b").length()).put("activation",
                            activation(((BaseLayer) layer.conf().getLayer()).getActivationFn()))
                    .put("use_bias", true).putNull("kernel_regularizer").putNull("bias_regularizer")
                    .putNull("activity_regularizer").putNull("kernel_constraint").putNull("bias_constraint");
            if (functional) {
                dense.put("name", name).putArray("inbound_nodes").addArray().addArray().add(previous).add(0).add(0)
                        .addObject();
            }
            previous = name;
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
                values.putDataset("kernel:0", net.getLayer(i).getParam("W").toFloatMatrix());
                values.putDataset("bias:0", net.getLayer(i).getParam("b").toFloatVector());
            }
        }
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
        throw new IllegalArgumentException("no Keras name for " + a);
    }
}
