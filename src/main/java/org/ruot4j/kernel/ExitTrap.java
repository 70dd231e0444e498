package org.ruot4j.kernel;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps {@code System.exit} in a cell from ending the kernel. The bytecode of every class JShell compiles from
 * a cell is rewritten before it is loaded: calls of {@code System.exit(int)}, {@code Runtime.exit(int)} and
 * {@code Runtime.halt(int)} — direct, or as method references — go to the methods below, which throw
 * {@link CellExit}. The cell then ends with an error and every variable of the notebook is kept.
 *
 * <p>Why bytecode and not a {@code SecurityManager}: the security manager is deprecated for removal, refused
 * by default from Java 18 and gone in Java 24, and it would put a permission check on every file access of
 * the whole kernel. Rewriting the source text would miss method references, static imports and spacing. Code
 * in libraries called from a cell is not rewritten: only what the notebook itself says.
 */
public final class ExitTrap {
    private static final String SELF = ExitTrap.class.getName().replace('.', '/');

    private ExitTrap() {
    }

    /** Thrown instead of exiting; an {@link Error} so that {@code catch (Exception e)} in the cell lets it pass. */
    public static final class CellExit extends Error {
        private static final long serialVersionUID = 1L;

        CellExit(String call, int status) {
            super(call + "(" + status + ") was called in the cell; the kernel does not exit, and the notebook's "
                    + "variables are kept (restart the kernel to end it)");
        }
    }

    /** Stands in for {@code System.exit(status)}. */
    public static void systemExit(int status) {
        throw new CellExit("System.exit", status);
    }

    /** Stands in for {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new CellExit("Runtime.exit", status);
    }

    /** Stands in for {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new CellExit("Runtime.halt", status);
    }

    /** The classes with their exit calls redirected; a class ASM cannot read is left as it is. */
    static ClassBytecodes[] rewrite(ClassBytecodes[] classes) {
        List<ClassBytecodes> out = new ArrayList<>(classes.length);
        for (ClassBytecodes c : classes) {
            out.add(new ClassBytecodes(c.name(), rewrite(c.bytecodes())));
        }
        return out.toArray(new ClassBytecodes[0]);
    }

    static byte[] rewrite(byte[] bytecode) {
        ClassReader reader;
        try {
            reader = new ClassReader(bytecode);
        } catch (IllegalArgumentException e) {
            return bytecode; // a class file newer than ASM knows: load it untouched rather than fail the cell
        }
        boolean[] changed = new boolean[1];
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mname, String desc, boolean itf) {
                        String target = target(owner, mname, desc);
                        if (target != null) {
                            changed[0] = true;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, SELF, target, staticDescriptor(owner, desc), false);
                        } else {
                            super.visitMethodInsn(opcode, owner, mname, desc, itf);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String iname, String desc, Handle bsm, Object... args) {
                        Object[] a = args.clone();
                        for (int i = 0; i < a.length; i++) {
                            if (a[i] instanceof Handle h) {
                                String target = target(h.getOwner(), h.getName(), h.getDesc());
                                if (target != null) {
                                    changed[0] = true;
                                    a[i] = new Handle(Opcodes.H_INVOKESTATIC, SELF, target,
                                            staticDescriptor(h.getOwner(), h.getDesc()), false);
                                }
                            }
                        }
                        super.visitInvokeDynamicInsn(iname, desc, bsm, a);
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : bytecode;
    }

    /** The name of the stand-in for a call of {@code owner.name desc}, or null when it is no exit call. */
    private static String target(String owner, String name, String desc) {
        if (!desc.equals("(I)V")) {
            return null;
        }
        if (owner.equals("java/lang/System") && name.equals("exit")) {
            return "systemExit";
        }
        if (owner.equals("java/lang/Runtime") && name.equals("exit")) {
            return "runtimeExit";
        }
        if (owner.equals("java/lang/Runtime") && name.equals("halt")) {
            return "runtimeHalt";
        }
        return null;
    }

    /** An instance method's descriptor with its receiver as the first parameter (static ones unchanged). */
    private static String staticDescriptor(String owner, String desc) {
        return owner.equals("java/lang/System") ? desc : "(L" + owner + ";" + desc.substring(1);
    }
}
