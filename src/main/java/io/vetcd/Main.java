package io.vetcd;

public final class Main {
  public static void main(String[] args) {
  }
}
