package org.dqmstream.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqmstream.image.ImageShape;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.NumuIdentifier;
import org.dqmstream.image.SmallImageClassifier;
import org.dqmstream.model.ChannelGroupModel;
import org.dqmstream.model.ModelBundle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Floating-point operations a network spends per record on inference, counted from its weights and
 * the shapes of its activations: each weight is one multiply-add per output position (once for a dense
 * layer, once per output pixel for a convolution), two operations each. Biases, activations and pooling
 * are left out: they are a small share and not what the matrix-multiply ceiling measures.
 */
public final class ModelFlops {
    /** Parameter tables' keys of weights that multiply inputs (dense and conv W, separable conv's pointwise pW). */
    private static final Set<String> WEIGHTS = Set.of("W", "pW");

    private ModelFlops() {
    }

    /** FLOPs per lumisection of a bundle's channel-group autoencoders together. */
    public static double perRecord(ModelBundle bundle) {
        double flops = 0;
        for (ChannelGroupModel g : bundle.groups()) {
            flops += perRecord(g.network(), Nd4j.zeros(DataType.FLOAT, 1, g.network().layerInputSize(0)));
        }
        return flops;
    }

    /** FLOPs per event image of a source's classifier; 0 for a source without one. */
    public static double perImage(ImageSourceBundle bundle) {
        ImageShape shape = bundle.source().shape();
        if (bundle.classifier() instanceof SmallImageClassifier c) {
            return perRecord(c.network(), Nd4j.zeros(DataType.FLOAT, 1, shape.height() * shape.width()));
        }
        if (bundle.classifier() instanceof NumuIdentifier n) {
            return perRecord(n.network(), Nd4j.zeros(DataType.FLOAT, 1, shape.views(), shape.height(), shape.width()));
        }
        return 0;
    }

    /** FLOPs per record of a layer stack, measured on a sample batch of one record. */
    public static double perRecord(MultiLayerNetwork net, INDArray oneRecord) {
        List<INDArray> activations = net.feedForward(oneRecord, false);
        double flops = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            flops += layerFlops(net.getLayer(i), activations.get(i + 1));
        }
        return flops;
    }

    /** FLOPs per record of a graph with one input, measured on a sample batch of one record. */
    public static double perRecord(ComputationGraph graph, INDArray oneRecord) {
        Map<String, INDArray> activations = graph.feedForward(oneRecord, false);
        double flops = 0;
        for (Layer layer : graph.getLayers()) {
            flops += layerFlops(layer, activations.get(layer.getConfig().getLayerName()));
        }
        return flops;
    }

    private static double layerFlops(Layer layer, INDArray output) {
        if (output == null) {
            return 0;
        }
        long positions = output.rank() == 4 ? output.size(2) * output.size(3) : 1;
        double multiplyAdds = 0;
        for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
            if (WEIGHTS.contains(p.getKey())) {
                multiplyAdds += p.getValue().length() * (double) positions;
            }
        }
        return 2 * multiplyAdds;
    }
}
