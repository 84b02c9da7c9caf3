package org.dqmstream.lumisection;

/** A lumisection of a run: the unit of certification. */
public record LumisectionId(int run, int lumisection) implements Comparable<LumisectionId> {

    @Override
    public int compareTo(LumisectionId o) {
        int c = Integer.compare(run, o.run);
        return c != 0 ? c : Integer.compare(lumisection, o.lumisection);
    }

    @Override
    public String toString() {
        return run + ":" + lumisection;
    }
}
