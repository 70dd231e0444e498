package org.ruot4j.kernel;

import com.google.gson.annotations.SerializedName;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.InterruptReply;
import org.dflib.jjava.jupyter.messages.reply.ShutdownReply;

/**
 * Replies that jjava-jupyter 1.0-a6 sends in a form the protocol does not allow: its history reply
 * serialises entries as objects instead of {@code [session, line, input]} tuples, and its history, shutdown
 * and interrupt replies carry no {@code status}. These carry the protocol's form, under jjava-jupyter's
 * message types.
 */
final class Replies {
    private Replies() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> MessageType<T> as(MessageType<?> type) {
        return (MessageType) type;
    }

    /**
     * A reply with the {@code status} the protocol requires, sent under jjava-jupyter's message type for it.
     *
     * @param <T> the reply class
     */
    abstract static class Ok<T extends Ok<T>> implements ContentType<T> {
        @SerializedName("status")
        private final String status = "ok";
        private final transient MessageType<?> type;

        Ok(MessageType<?> type) {
            this.type = type;
        }

        @Override
        public MessageType<T> getType() {
            return as(type);
        }
    }

    /** history_reply: {@code [session, line, input]} or {@code [session, line, [input, output]]} per entry. */
    static final class History extends Ok<History> {
        @SerializedName("history")
        private final List<List<Object>> history = new ArrayList<>();

        History(List<HistoryEntry> entries, boolean withOutput) {
            super(HistoryReply.MESSAGE_TYPE);
            for (HistoryEntry e : entries) {
                Object in = withOutput ? List.of(e.getInput(), e.getOutput() == null ? "" : e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), in));
            }
        }
    }

    /** shutdown_reply. */
    static final class Shutdown extends Ok<Shutdown> {
        @SerializedName("restart")
        private final boolean restart;

        Shutdown(boolean restart) {
            super(ShutdownReply.MESSAGE_TYPE);
            this.restart = restart;
        }
    }

    /** interrupt_reply. */
    static final class Interrupt extends Ok<Interrupt> {
        Interrupt() {
            super(InterruptReply.MESSAGE_TYPE);
        }
    }
}
