package org.dqmstream.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.model.BatchInference;
import org.dqmstream.model.ChannelGroupModel;
import org.dqmstream.model.InputTransform;
import org.dqmstream.model.ModelBundle;

/**
 * Scores lumisections in batches: one network pass per channel group per batch, not per record. The
 * channel groups of a batch are independent: with a single-threaded BLAS (OMP_NUM_THREADS=1, as the
 * monitor runs) they run in parallel on the JVM's common fork-join pool, using every core.
 */
public final class LumisectionScorer {
    private final ModelBundle bundle;
    private final List<InputTransform> inputs;

    public LumisectionScorer(ModelBundle bundle) {
        this.bundle = bundle;
        this.inputs = bundle.groups().stream().map(m -> InputTransform.of(bundle.layout().group(m.group()))).toList();
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public List<ScoredLumisection> score(List<ValidLumisection> batch) {
        // Per record, not per group: these walk the record's stream conditions.
        List<Map<String, Float>> luminosityByStream = batch.stream().map(ValidLumisection::luminosityByStream).toList();
        double[] luminosity = batch.stream().mapToDouble(ValidLumisection::luminosity).toArray();
        IntStream groups = IntStream.range(0, inputs.size());
        if (BatchInference.concurrentCallsAllowed()) {
            groups = groups.parallel();
        }
        List<ChannelGroupModel.Reconstruction> reconstructions = groups
                .mapToObj(g -> reconstruct(g, batch, luminosityByStream)).toList();
        List<ScoredLumisection> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Double> scores = new HashMap<>();
            Map<String, float[]> errors = new HashMap<>();
            for (int g = 0; g < inputs.size(); g++) {
                ChannelGroupModel model = bundle.groups().get(g);
                ChannelGroupModel.Reconstruction r = reconstructions.get(g);
                scores.put(model.group(), model.score(r.meanErrors()[i], luminosity[i]));
                errors.put(model.group(), r.squaredErrors()[i]);
            }
            out.add(new ScoredLumisection(batch.get(i), Map.copyOf(scores), Map.copyOf(errors)));
        }
        return out;
    }

    private ChannelGroupModel.Reconstruction reconstruct(int group, List<ValidLumisection> batch,
                                                         List<Map<String, Float>> luminosityByStream) {
        InputTransform transform = inputs.get(group);
        float[] rows = new float[batch.size() * transform.width()];
        for (int i = 0; i < batch.size(); i++) {
            transform.write(batch.get(i).features(), luminosityByStream.get(i), rows, i * transform.width());
        }
        return bundle.groups().get(group).reconstruct(rows, batch.size());
    }
}
