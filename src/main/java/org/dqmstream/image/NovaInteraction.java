package org.dqmstream.image;

/**
 * NOvA simulation's interaction codes, as stored in the {@code neutrino/interaction} dataset:
 * 0-3 numu CC (QE, Res, DIS, other), 4-7 nue CC, 8-11 nutau CC, 12 nu-on-e elastic, 13 NC, 14 cosmic,
 * 15 other.
 */
public enum NovaInteraction {
    NUMU_CC_QE, NUMU_CC_RES, NUMU_CC_DIS, NUMU_CC_OTHER,
    NUE_CC_QE, NUE_CC_RES, NUE_CC_DIS, NUE_CC_OTHER,
    NUTAU_CC_QE, NUTAU_CC_RES, NUTAU_CC_DIS, NUTAU_CC_OTHER,
    NU_ON_E_ELASTIC, NC, COSMIC, OTHER;

    public static NovaInteraction ofCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("interaction code " + code + " outside 0.." + (values().length - 1));
        }
        return values()[code];
    }

    public int code() {
        return ordinal();
    }

    public boolean isNumuCC() {
        return ordinal() <= NUMU_CC_OTHER.ordinal();
    }

    public boolean isNueCC() {
        return ordinal() >= NUE_CC_QE.ordinal() && ordinal() <= NUE_CC_OTHER.ordinal();
    }

    /** QE, Res, DIS or other for charged-current codes; null for the rest. */
    public String mode() {
        return ordinal() < NU_ON_E_ELASTIC.ordinal() ? new String[] {"QE", "Res", "DIS", "other"}[ordinal() % 4] : null;
    }
}
