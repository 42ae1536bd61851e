package io.sealedkv.engine;

public final class ServerMain {
    public static void main(String[] args) {
    }
}
