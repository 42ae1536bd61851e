package io.sealedkv.engine.resp;

/** Thrown inside the decoder's state machine; never escapes it. */
final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ProtocolError error;

    ProtocolViolation(String reason) {
        this(ProtocolError.of(reason));
    }

    ProtocolViolation(ProtocolError error) {
        super(error.reason(), null, false, false);
        this.error = error;
    }

    ProtocolError error() {
        return error;
    }
}
