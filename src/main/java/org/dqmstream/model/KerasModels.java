package org.dqmstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network trained in Keras (a channel-group autoencoder, a small image classifier), from its HDF5 file
 * (a Sequential or a functional model), as the DL4J layer list a bundle holds. A functional model must be
 * a chain of layers, as these are; it is rebuilt as a layer list with the same weights and checked to
 * give the same outputs.
 */
public final class KerasModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasModels() {
    }

    /**
     * @param inputShape one input's shape, without the batch dimension: {n} for dense layers, {height,
     *                   width, channels} for Keras' channels-last images
     */
    public static MultiLayerNetwork load(Path file, long... inputShape) throws IOException {
        try {
            if (modelClass(file).equals("Sequential")) {
                return KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
            }
            return chain(KerasModelImport.importKerasModelAndWeights(file.toString(), false), file, inputShape);
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException e) {
            throw new IOException(file + ": not a Keras model DL4J can import: " + e.getMessage(), e);
        }
    }

    /** The model_config's class_name: Sequential, Functional or Model. */
    static String modelClass(Path file) throws IOException {
        try (HdfFile hdf = new HdfFile(file)) {
            Attribute config = hdf.getAttribute("model_config");
            if (config == null) {
                throw new IOException(file + ": no model_config attribute; not a Keras HDF5 model");
            }
            return JSON.readTree(config.getData().toString()).path("class_name").asText();
        } catch (RuntimeException e) {
            throw new IOException(file + ": not readable as a Keras HDF5 model: " + e.getMessage(), e);
        }
    }

    private static MultiLayerNetwork chain(ComputationGraph graph, Path file, long[] inputShape) throws IOException {
        if (graph.getConfiguration().getNetworkInputs().size() != 1
                || graph.getConfiguration().getNetworkOutputs().size() != 1) {
            throw new IOException(file + ": an autoencoder has one input and one output");
        }
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().list();
        GraphVertex[] vertices = graph.getVertices();
        String previous = null;
        int layerCount = 0;
        InputPreProcessor pending = null;
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = vertices[index];
            if (v.isInputVertex()) {
                previous = v.getVertexName();
                continue;
            }
            var conf = graph.getConfiguration().getVertices().get(v.getVertexName());
            boolean reshape = conf instanceof PreprocessorVertex;
            if ((!v.hasLayer() && !reshape) || v.getInputVertices() == null || v.getInputVertices().length != 1
                    || !vertices[v.getInputVertices()[0].getVertexIndex()].getVertexName().equals(previous)) {
                throw new IOException(file + ": vertex " + v.getVertexName() + " breaks the chain of layers a "
                        + "bundle takes");
            }
            previous = v.getVertexName();
            // A Flatten between convolutions and dense layers is a reshaping vertex of its own, or travels as
            // the next layer vertex's preprocessor.
            if (reshape) {
                pending = ((PreprocessorVertex) conf).getPreProcessor();
                continue;
            }
            InputPreProcessor pre = pending != null ? pending
                    : conf instanceof LayerVertex layer ? layer.getPreProcessor() : null;
            if (pre != null) {
                layers.inputPreProcessor(layerCount, pre.clone());
            }
            pending = null;
            layers.layer(v.getLayer().conf().getLayer().clone());
            layerCount++;
        }
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init(graph.params().dup(), false);
        long[] probeShape = new long[inputShape.length + 1];
        probeShape[0] = 4;
        System.arraycopy(inputShape, 0, probeShape, 1, inputShape.length);
        INDArray probe = Nd4j.rand(DataType.FLOAT, probeShape);
        if (!net.output(probe).equalsWithEps(graph.outputSingle(probe), 1e-5)) {
            throw new IOException(file + ": the model rebuilt as a layer list does not reproduce the graph's outputs");
        }
        return net;
    }
}
