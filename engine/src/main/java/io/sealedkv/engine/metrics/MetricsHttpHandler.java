package io.sealedkv.engine.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A deliberately tiny HTTP/1.x responder for one connection: reads the request head (at most
 * {@link #MAX_HEAD} bytes, a body is never read), answers {@code GET /metrics} (or {@code HEAD}) with
 * the rendered text, anything else with 404, 405 or 400, and closes the connection after every
 * answer. Scrapers need nothing more, and there is no parser state to get wrong.
 */
final class MetricsHttpHandler extends ChannelInboundHandlerAdapter {
    static final int MAX_HEAD = 8192;

    private final Supplier<String> metrics;
    private final ByteBuf head = Unpooled.buffer(256, MAX_HEAD);
    private boolean answered;

    MetricsHttpHandler(Supplier<String> metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (answered) {
                return;
            }
            if (in.readableBytes() > head.maxWritableBytes()) {
                answer(ctx, 400, "Bad Request", "text/plain", "request head too large\n", true);
                return;
            }
            head.writeBytes(in);
            int end = endOfHead();
            if (end >= 0) {
                respond(ctx, head.toString(0, end, StandardCharsets.ISO_8859_1));
            } else if (head.maxWritableBytes() == 0) {
                answer(ctx, 400, "Bad Request", "text/plain", "request head too large\n", true);
            }
        } finally {
            in.release();
        }
    }

    private int endOfHead() {
        for (int i = 3; i < head.writerIndex(); i++) {
            if (head.getByte(i) == '\n' && head.getByte(i - 1) == '\r' && head.getByte(i - 2) == '\n'
                    && head.getByte(i - 3) == '\r') {
                return i - 3;
            }
        }
        return -1;
    }

    private void respond(ChannelHandlerContext ctx, String requestHead) {
        int lineEnd = requestHead.indexOf("\r\n");
        String[] request = (lineEnd < 0 ? requestHead : requestHead.substring(0, lineEnd)).split(" ");
        if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
            answer(ctx, 400, "Bad Request", "text/plain", "bad request line\n", true);
            return;
        }
        String method = request[0];
        String path = request[1];
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (!path.equals("/metrics")) {
            answer(ctx, 404, "Not Found", "text/plain", "only /metrics is served here\n", true);
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            answer(ctx, 405, "Method Not Allowed", "text/plain", "use GET\n", true);
        } else {
            answer(ctx, 200, "OK", PrometheusText.CONTENT_TYPE, metrics.get(), method.equals("GET"));
        }
    }

    private void answer(ChannelHandlerContext ctx, int status, String reason, String type, String body,
                        boolean withBody) {
        answered = true;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + (status == 405 ? "Allow: GET, HEAD\r\n" : "")
                + "Connection: close\r\n\r\n";
        ByteBuf out = ctx.alloc().buffer(headers.length() + (withBody ? bytes.length : 0));
        out.writeCharSequence(headers, StandardCharsets.ISO_8859_1);
        if (withBody) {
            out.writeBytes(bytes);
        }
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        head.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
