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

    /** history_reply: {@code [session, line, input]} or {@code [session, line, [input, output]]} per entry. */
    static final class History implements ContentType<History> {
        @SerializedName("status")
        private final String status = "ok";
        @SerializedName("history")
        private final List<List<Object>> history = new ArrayList<>();

        History(List<HistoryEntry> entries, boolean withOutput) {
            for (HistoryEntry e : entries) {
                Object in = withOutput ? List.of(e.getInput(), e.getOutput() == null ? "" : e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), in));
            }
        }

        @Override
        public MessageType<History> getType() {
            return as(HistoryReply.MESSAGE_TYPE);
        }
    }

    /** shutdown_reply. */
    static final class Shutdown implements ContentType<Shutdown> {
        @SerializedName("status")
        private final String status = "ok";
        @SerializedName("restart")
        private final boolean restart;

        Shutdown(boolean restart) {
            this.restart = restart;
        }

        @Override
        public MessageType<Shutdown> getType() {
            return as(ShutdownReply.MESSAGE_TYPE);
        }
    }

    /** interrupt_reply. */
    static final class Interrupt implements ContentType<Interrupt> {
        @SerializedName("status")
        private final String status = "ok";

        @Override
        public MessageType<Interrupt> getType() {
            return as(InterruptReply.MESSAGE_TYPE);
        }
    }
}
