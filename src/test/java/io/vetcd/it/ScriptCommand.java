package io.vetcd.it;

import java.util.List;

/** One line of a differential script: etcdctl arguments plus what to feed its standard input. */
record ScriptCommand(int lineNumber, String text, List<String> args, String stdin) {}
