package org.dqmstream.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.model.ChannelGroupModel;
import org.dqmstream.model.InputTransform;
import org.dqmstream.model.ModelBundle;

/** Scores lumisections in batches: one network call per channel group per batch, not per record. */
public final class LumisectionScorer {
    private final ModelBundle bundle;

    public LumisectionScorer(ModelBundle bundle) {
        this.bundle = bundle;
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public List<ScoredLumisection> score(List<ValidLumisection> batch) {
        List<Map<String, Double>> scores = new ArrayList<>();
        List<Map<String, float[]>> errors = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            scores.add(new HashMap<>());
            errors.add(new HashMap<>());
        }
        for (ChannelGroupModel model : bundle.groups()) {
            ChannelGroup group = bundle.layout().group(model.group());
            float[][] inputs = new float[batch.size()][];
            for (int i = 0; i < inputs.length; i++) {
                ValidLumisection l = batch.get(i);
                inputs[i] = InputTransform.groupInput(group, l.features(), l.luminosityByStream());
            }
            ChannelGroupModel.Reconstruction r = model.reconstruct(inputs);
            for (int i = 0; i < inputs.length; i++) {
                scores.get(i).put(model.group(), model.score(r.meanErrors()[i], batch.get(i).luminosity()));
                errors.get(i).put(model.group(), r.squaredErrors()[i]);
            }
        }
        List<ScoredLumisection> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new ScoredLumisection(batch.get(i), Map.copyOf(scores.get(i)), Map.copyOf(errors.get(i))));
        }
        return out;
    }
}
