//! The chat server's rooms (Asio's `chat_room` and `chat_participant`): who is in a room,
//! and the recent messages a participant who joins is sent first. Part of `chat_server`,
//! through `#[path = "chat/room.rs"] mod room;`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::lock;
use super::message::ChatMessage;

/// How many recent messages a room keeps for the participants who join later.
const MAX_RECENT_MSGS: usize = 100;

/// Someone in a room (Asio's `chat_participant`).
pub trait ChatParticipant: Send + Sync {
    /// Queues `msg` for sending to this participant.
    fn deliver(&self, msg: &ChatMessage);

    /// Sends what is queued, then ends the conversation (`--max-msgs`).
    fn finish(&self);
}

/// A room: its participants and its recent messages (Asio's `chat_room`).
#[derive(Default)]
pub struct ChatRoom {
    state: Mutex<RoomState>,
}

#[derive(Default)]
struct RoomState {
    participants: Vec<Arc<dyn ChatParticipant>>,
    recent_msgs: VecDeque<ChatMessage>,
}

impl ChatRoom {
    /// Adds `participant` and sends it the recent messages.
    pub fn join(&self, participant: Arc<dyn ChatParticipant>) {
        let mut state = lock(&self.state);
        for msg in &state.recent_msgs {
            participant.deliver(msg);
        }
        state.participants.push(participant);
    }

    /// Removes `participant` (nothing if it already left).
    pub fn leave(&self, participant: &dyn ChatParticipant) {
        let mut state = lock(&self.state);
        state.participants.retain(|p| {
            !std::ptr::addr_eq(Arc::as_ptr(p), participant as *const dyn ChatParticipant)
        });
    }

    /// Keeps `msg` among the recent messages and queues it on every participant.
    pub fn deliver(&self, msg: ChatMessage) {
        let mut state = lock(&self.state);
        for participant in &state.participants {
            participant.deliver(&msg);
        }
        state.recent_msgs.push_back(msg);
        while state.recent_msgs.len() > MAX_RECENT_MSGS {
            state.recent_msgs.pop_front();
        }
    }

    /// Tells every participant to finish.
    pub fn finish(&self) {
        for participant in &lock(&self.state).participants {
            participant.finish();
        }
    }
}
