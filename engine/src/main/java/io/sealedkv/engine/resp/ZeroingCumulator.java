package io.sealedkv.engine.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Joins a connection's reads like Netty's merging cumulator, but zeroes every buffer before it goes back
 * to the pool: a request spanning reads carries values in plaintext. The cumulation never grows in
 * place (that would free its old memory unzeroed); a larger one is allocated and the old one wiped.
 */
final class ZeroingCumulator implements ByteToMessageDecoder.Cumulator {
    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable()) {
            wipeAndRelease(cumulation);
            return in;
        }
        try {
            int required = in.readableBytes();
            ByteBuf target = cumulation;
            if (required > cumulation.writableBytes() || cumulation.refCnt() > 1 || cumulation.isReadOnly()) {
                target = alloc.buffer(alloc.calculateNewCapacity(cumulation.readableBytes() + required,
                        Integer.MAX_VALUE));
                target.writeBytes(cumulation);
                wipeAndRelease(cumulation);
            }
            target.writeBytes(in);
            return target;
        } finally {
            wipeAndRelease(in);
        }
    }

    /** Zeroes the whole capacity: moves by discardSomeReadBytes leave copies past the writer index. */
    static void wipeAndRelease(ByteBuf buffer) {
        if (buffer.refCnt() == 1 && !buffer.isReadOnly()) {
            buffer.setZero(0, buffer.capacity());
        }
        buffer.release();
    }
}
