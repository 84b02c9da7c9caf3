package org.dqmstream.generator;

import java.util.List;

/**
 * Detector problems the generator can inject, each with the subsystems whose certification marks the
 * affected lumisections bad. Trigger misconfiguration adds the L1 subsystem of the affected stream.
 */
public enum FaultKind {
    DEAD_CALO_REGION("dead calorimeter region", List.of("Ecal", "Hcal", "Jetmet")),
    MUON_BARREL_OFF("muon barrel chambers off", List.of("Muon", "Dt")),
    MUON_ENDCAP_OFF("muon endcap chambers off", List.of("Muon", "Csc")),
    RPC_NOISE("noisy RPC chambers", List.of("Muon", "Rpc")),
    TRACKER_INEFFICIENCY("tracker and pixel inefficiency", List.of("Track", "Pix", "Strip")),
    TRIGGER_MISCONFIGURATION("trigger misconfiguration", List.of("Hlt")),
    LUMI_MISMEASUREMENT("luminosity mismeasurement", List.of("Lumi")),
    NOISY_PHOTONS("noisy photon reconstruction", List.of("Egamma", "Es")),
    JET_ENERGY_SCALE("jet energy scale shift", List.of("Jetmet"));

    private final String description;
    private final List<String> subsystems;

    FaultKind(String description, List<String> subsystems) {
        this.description = description;
        this.subsystems = subsystems;
    }

    public String description() {
        return description;
    }

    /** Subsystems always labelled bad by this fault. */
    public List<String> subsystems() {
        return subsystems;
    }
}
