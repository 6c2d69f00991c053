//! The public figures of aid, read without a token: the campaign list with totals and one
//! campaign's report (by province, commune, category, named donors, the flow). Answers
//! carry an `ETag`; [`Api::public_aid_campaign_if_changed`] asks with `If-None-Match` and
//! reads `304 Not Modified` as `None`.

use crate::{checked, decode, Api, Call, ClientError, Result, Tagged, Transport};
use danvan_domain::aid::transparency::{PublicCampaignReport, PublicSummary};
use uuid::Uuid;

const PUBLIC_CAMPAIGNS: &str = "/api/v1/public/aid/campaigns";

impl<T: Transport> Api<T> {
    /// The open and closed campaigns with their totals (sent without the token).
    pub async fn public_aid_campaigns(&self) -> Result<Tagged<PublicSummary>> {
        self.tagged(Call::get(PUBLIC_CAMPAIGNS).anonymous()).await
    }

    /// One campaign's public figures (sent without the token).
    pub async fn public_aid_campaign(&self, id: Uuid) -> Result<Tagged<PublicCampaignReport>> {
        self.tagged(Call::get(format!("{PUBLIC_CAMPAIGNS}/{id}")).anonymous()).await
    }

    /// The campaign's figures unless they still have the ETag `etag` (`None`: not modified).
    pub async fn public_aid_campaign_if_changed(
        &self,
        id: Uuid,
        etag: &str,
    ) -> Result<Option<Tagged<PublicCampaignReport>>> {
        let call = Call::get(format!("{PUBLIC_CAMPAIGNS}/{id}")).anonymous().header("If-None-Match", etag);
        let mut answer = self.transport.send(call).await.map_err(ClientError::Transport)?;
        if answer.status == 304 {
            return Ok(None);
        }
        answer = checked(answer)?;
        let status = answer.status;
        let etag = answer.etag.take().ok_or_else(|| ClientError::Unexpected { status, detail: "no ETag".into() })?;
        Ok(Some(Tagged { value: decode(answer)?, etag }))
    }
}
